package dev.rootwatch.notifier;

import dev.rootwatch.common.config.ConfigException;
import dev.rootwatch.common.model.Actor;
import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertStatus;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.Severity;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@code rootwatch notify-test --sink NAME}: sends one clearly labelled test alert to one configured
 * sink, ignoring its route, with one call and no retries, and says how it went. With {@code resolve},
 * the matching RESOLVED follows, so PagerDuty and Alertmanager close the test incident again.
 *
 * <p>The test alert is INFO, of type {@link AlertType#ROOT_MFA_DEVICE_ENABLED} (the catalogue's only
 * no-action type), titled {@value #TITLE}, for account {@value #TEST_ACCOUNT}, with
 * {@code "test": true} in its details.
 */
public final class NotifyTest {

    public static final String TITLE = "TEST: rootwatch notify-test, not a real alert";
    public static final String TEST_ACCOUNT = "000000000000";

    /**
     * How one test delivery went.
     *
     * @param sink   the sink's name
     * @param type   the sink's type
     * @param status FIRING or RESOLVED
     * @param took   how long the call took
     * @param error  null when delivered, else the redacted error
     */
    public record Outcome(String sink, SinkType type, AlertStatus status, Duration took, String error) {

        public boolean delivered() {
            return error == null;
        }

        /** One line for the operator. */
        public String describe() {
            String what = "sink=" + sink + " type=" + type.wireName() + " status=" + status;
            return delivered()
                    ? "delivered " + what + " in " + took.toMillis() + " ms"
                    : "FAILED " + what + " after " + took.toMillis() + " ms: " + error;
        }
    }

    private final NotifierSettings settings;
    private final PrintStream console;
    private final HttpClient client;
    private final Clock clock;

    public NotifyTest(NotifierSettings settings, PrintStream console) {
        this(settings, console, HttpPost.newClient(), Clock.systemUTC());
    }

    NotifyTest(NotifierSettings settings, PrintStream console, HttpClient client, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.console = Objects.requireNonNull(console, "console");
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Sends the test alert to the sink named {@code sinkName}.
     *
     * @param resolve also send the matching RESOLVED
     * @return one outcome per alert sent; sending stops at the first failure
     * @throws ConfigException when no sink has that name
     */
    public List<Outcome> run(String sinkName, boolean resolve) {
        SinkSpec spec = settings.sink(sinkName).orElseThrow(() -> new ConfigException("no sink named '" + sinkName
                + "'; configured sinks: " + settings.sinks().stream().map(SinkSpec::name).collect(Collectors.joining(", "))));
        AlertSink sink = new SinkFactory(console, new HttpPost(client, clock), clock).create(spec);
        String fingerprint = "rootwatch-notify-test-" + spec.name() + "-" + UUID.randomUUID();
        List<Outcome> outcomes = new ArrayList<>();
        try {
            outcomes.add(send(sink, spec, testAlert(fingerprint, AlertStatus.FIRING, clock.instant())));
            if (resolve && outcomes.get(0).delivered()) {
                outcomes.add(send(sink, spec, testAlert(fingerprint, AlertStatus.RESOLVED, clock.instant())));
            }
        } finally {
            sink.close();
        }
        return outcomes;
    }

    private static Outcome send(AlertSink sink, SinkSpec spec, Alert alert) {
        long started = System.nanoTime();
        String error = null;
        try {
            sink.deliver(alert);
        } catch (DeliveryException e) {
            error = ErrorText.redact(e.getMessage()) + (e.retryable() ? " (retryable)" : "");
        } catch (RuntimeException e) {
            error = ErrorText.redact("unexpected " + e);
        }
        return new Outcome(spec.name(), spec.type(), alert.status(), Duration.ofNanos(System.nanoTime() - started), error);
    }

    /** The synthetic alert: clearly a test, harmless to whoever receives it. */
    public static Alert testAlert(String fingerprint, AlertStatus status, Instant now) {
        AlertType type = AlertType.ROOT_MFA_DEVICE_ENABLED;
        return new Alert(Alert.SCHEMA, "notify-test-" + UUID.randomUUID(), fingerprint, type, status, Severity.INFO,
                TEST_ACCOUNT, TITLE,
                "This is a test message sent by `rootwatch notify-test` to check that this sink reaches you. No action needed.",
                List.of(), now, now, new Actor("Test", null, null, null, null), null, "rootwatch notify-test", null,
                List.of(), "No action needed: this alert only tests delivery.", Map.of("test", true));
    }
}
