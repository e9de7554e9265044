package dev.rootwatch.common.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Configuration keys of the notifier's sinks and delivery. Registered in {@link Settings}.
 *
 * <p>{@code notifier.sinks} is a list of {@link Sink} entries. This class only reads their
 * shape (unknown fields are rejected); the notifier validates each entry at start-up with a
 * message that names the sink, and its {@code SinkReference} documents every field.
 */
public final class SinkSettings {

    /**
     * One entry of {@code notifier.sinks}, as written in the YAML file. Every field but
     * {@code name} and {@code type} is optional; secrets are never given here, only where to
     * read them ({@code secretEnv} or {@code secretFile}).
     *
     * @param name               unique name: the metrics label and the dead letter's source
     * @param type               console, file, pagerduty, slack, teams, alertmanager or webhook
     * @param url                the receiver's URL where it is not secret (pagerduty, alertmanager, webhook)
     * @param path               the file of a {@code file} sink
     * @param secretEnv          name of the environment variable holding the secret
     * @param secretFile         path of a file holding the secret
     * @param minSeverity        least severe alert delivered (CRITICAL ... INFO)
     * @param types              alert types delivered; empty: all
     * @param accounts           12-digit account ids delivered; empty: all
     * @param timeout            longest wait for one call of the receiver, e.g. {@code 10s}
     * @param rateLimitPerSecond calls per second at most
     * @param sendResolved       whether RESOLVED alerts are delivered too
     * @param allowPlainHttp     permit {@code http://} to a host other than loopback
     * @param linkUrl            a link added to each message (dashboard, runbook page)
     */
    public record Sink(String name, String type, String url, String path, String secretEnv, String secretFile,
                       String minSeverity, List<String> types, List<String> accounts, String timeout,
                       Double rateLimitPerSecond, Boolean sendResolved, Boolean allowPlainHttp, String linkUrl) {

        public Sink {
            types = copy(types);
            accounts = copy(accounts);
        }

        private static List<String> copy(List<String> list) {
            return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
        }
    }

    public static final Setting<List<Sink>> NOTIFIER_SINKS = new Setting<>("notifier.sinks", "list of sinks", List.of(),
            ValueParsers.jsonList(Sink.class),
            "Sinks besides the console and file: each entry has a `name`, a `type` (pagerduty, slack, teams, alertmanager,"
                    + " webhook, console, file), where its secret is read from (`secretEnv` / `secretFile`) and its routing;"
                    + " see the sink reference.");
    public static final Setting<Duration> NOTIFIER_DELIVERY_MAX_AGE = new Setting<>("notifier.delivery.maxAge", "duration",
            Duration.ofHours(24), ValueParsers::duration, "How long a sink is retried on transient failures (no connection, timeout,"
            + " HTTP 408, 429, 5xx), counted from the alert's detection and across restarts; only past it, or on a permanent refusal"
            + " (another 4xx), is the alert dead-lettered for that sink. Keep it below the alerts topic's retention.");
    public static final Setting<Duration> NOTIFIER_DRAIN_TIMEOUT = new Setting<>("notifier.drainTimeout", "duration",
            Duration.ofSeconds(10), ValueParsers::duration, "On a stop, how long deliveries may go on before the notifier stops;"
            + " what is still undelivered stays in Kafka and is delivered after the next start.");
    public static final Setting<Duration> NOTIFIER_DELIVERY_INITIAL_BACKOFF = new Setting<>("notifier.delivery.initialBackoff", "duration",
            Duration.ofMillis(500), ValueParsers::duration,
            "Wait before the second call of a failing sink; it doubles per call (with jitter), and a longer `Retry-After` wins.");
    public static final Setting<Duration> NOTIFIER_DELIVERY_MAX_BACKOFF = new Setting<>("notifier.delivery.maxBackoff", "duration",
            Duration.ofSeconds(60), ValueParsers::duration, "Longest wait between two calls of a failing sink.");
    public static final Setting<Integer> NOTIFIER_CIRCUIT_BREAKER_FAILURES = new Setting<>("notifier.circuitBreaker.failures", "integer", 5,
            ValueParsers::integer, "Failed calls in a row after which a sink's circuit opens: attempts then skip the call until a trial call succeeds.");
    public static final Setting<Duration> NOTIFIER_CIRCUIT_BREAKER_OPEN_DURATION = new Setting<>("notifier.circuitBreaker.openDuration",
            "duration", Duration.ofSeconds(30), ValueParsers::duration, "How long an open circuit waits before one trial call.");

    private SinkSettings() {
    }

    static List<Setting<?>> all() {
        return List.of(NOTIFIER_SINKS, NOTIFIER_DELIVERY_MAX_AGE, NOTIFIER_DRAIN_TIMEOUT, NOTIFIER_DELIVERY_INITIAL_BACKOFF,
                NOTIFIER_DELIVERY_MAX_BACKOFF, NOTIFIER_CIRCUIT_BREAKER_FAILURES, NOTIFIER_CIRCUIT_BREAKER_OPEN_DURATION);
    }
}
