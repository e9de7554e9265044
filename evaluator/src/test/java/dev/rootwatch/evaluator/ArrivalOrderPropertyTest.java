package dev.rootwatch.evaluator;

import static dev.rootwatch.evaluator.TrailEventBuilder.apiCall;
import static dev.rootwatch.evaluator.TrailEventBuilder.deactivateMfaDevice;
import static dev.rootwatch.evaluator.TrailEventBuilder.deleteVirtualMfaDevice;
import static dev.rootwatch.evaluator.TrailEventBuilder.rootConsoleLogin;
import static dev.rootwatch.evaluator.TrailEventBuilder.rootConsoleLoginFailure;
import static dev.rootwatch.evaluator.TrailEventBuilder.signInEvent;
import static dev.rootwatch.evaluator.TrailEventBuilder.trailCall;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertStatus;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.IngestSource;
import dev.rootwatch.common.model.Posture;
import dev.rootwatch.common.model.TrailEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random interleavings of the same input, each record delayed by less than the grace, produce
 * the same set of alerts: same types, statuses, accounts, fingerprints and alert ids, and the same
 * eventIDs wherever an alert's content is settled when it is emitted (single-event alerts, the
 * concluding RESOLVED of a burst or session, a posture incident). The eventIDs of the early FIRING
 * of an aggregate (a burst at its threshold, a session's first call, the pair that completed a
 * takeover) are, by nature, the ones that had arrived by then; those are compared without them.
 */
class ArrivalOrderPropertyTest {

    private static final String A = "111122223333";
    private static final String B = "444455556666";
    private static final String C = "777788889999";
    private static final Instant T0 = Instant.parse("2026-11-02T10:05:00Z");
    private static final int MAX_DELAY_SECONDS = 14 * 60 + 59;

    /** Postures first, in order, as the account's earlier history; then the shuffled input. */
    private static final List<Posture> HISTORY = List.of(
            PostureBuilder.compliant().account(A).at(T0.minusSeconds(3600)).build(),
            PostureBuilder.compliant().account(B).at(T0.minusSeconds(3600)).build(),
            PostureBuilder.compliant().account(C).at(T0.minusSeconds(3600)).build());

    private static final List<Timed> INPUT = input();

    private static final List<String> IN_ORDER = run(IntStream.range(0, INPUT.size()).map(i -> 0).boxed().toList());

    /** One input record and the event time it is about. */
    private record Timed(Instant at, Object record) {
    }

    private static Instant minute(double n) {
        return T0.plusSeconds((long) (60 * n));
    }

    private static Timed event(TrailEventBuilder event) {
        TrailEvent built = event.build();
        return new Timed(built.eventTime(), built);
    }

    private static List<Timed> input() {
        List<Timed> input = new ArrayList<>();
        // account A: a burst of six failures (one delivered twice), a sign-in and MFA removal (takeover),
        // a console session over two hours, a second session, a password change, a trail stopped
        TrailEvent duplicated = rootConsoleLoginFailure().account(A).at(minute(2)).via(IngestSource.SQS).build();
        input.add(new Timed(duplicated.eventTime(), duplicated));
        input.add(event(rootConsoleLoginFailure().account(A).at(minute(2)).eventId(duplicated.eventId())
                .via(IngestSource.S3)));
        for (double m : new double[] {0, 1, 3, 4, 5}) {
            input.add(event(rootConsoleLoginFailure().account(A).at(minute(m))));
        }
        input.add(event(rootConsoleLogin().mfaUsed(true).account(A).at(minute(20))));
        String rootDevice = "arn:aws:iam::" + A + ":mfa/root-account-mfa-device";
        input.add(event(deactivateMfaDevice("AWS ROOT USER", rootDevice).byRoot().account(A).at(minute(28))));
        input.add(event(deleteVirtualMfaDevice(rootDevice).byRoot().account(A).at(minute(28.5))));
        for (double m : new double[] {21, 22, 23, 24, 56, 58, 62}) {
            input.add(event(apiCall("iam.amazonaws.com", m < 50 ? "ListUsers" : "ListRoles").account(A).at(minute(m))));
        }
        input.add(event(apiCall("s3.amazonaws.com", "ListBuckets").accessKey("ASIASECONDSESSION001").account(A)
                .at(minute(30))));
        input.add(event(signInEvent("PasswordUpdated").account(A).at(minute(45))));
        input.add(event(trailCall("StopLogging", "org").byIamUser("mallory").account(A).at(minute(40))));
        // account B: four failures (no burst), a sign-in without MFA, MFA deactivated 20 minutes later (a
        // takeover), and posture showing MFA gone, which that deactivation explains
        for (double m : new double[] {0, 1, 2, 3}) {
            input.add(event(rootConsoleLoginFailure().account(B).at(minute(m))));
        }
        input.add(event(rootConsoleLogin().mfaUsed(false).account(B).at(minute(10))));
        input.add(event(deactivateMfaDevice("AWS ROOT USER", "arn:aws:iam::" + B + ":mfa/root-account-mfa-device")
                .byRoot().account(B).at(minute(30))));
        input.add(new Timed(minute(35), PostureBuilder.nonCompliant().account(B).at(minute(35)).build()));
        // account C: MFA gone with no event at all
        input.add(new Timed(minute(40), PostureBuilder.nonCompliant().account(C).at(minute(40)).build()));
        return List.copyOf(input);
    }

    @Provide
    Arbitrary<List<Integer>> delays() {
        return Arbitraries.integers().between(0, MAX_DELAY_SECONDS).list().ofSize(INPUT.size());
    }

    @Property(tries = 50)
    void shouldRaiseTheSameAlertsWhateverTheArrivalOrderWithinTheGrace(@ForAll("delays") List<Integer> delays) {
        assertThat(run(delays)).containsExactlyElementsOf(IN_ORDER);
    }

    @Property(tries = 1)
    void shouldCoverEveryWindowedDetectionInTheScenario() {
        assertThat(IN_ORDER).anyMatch(a -> a.startsWith("ROOT_CONSOLE_LOGIN_FAILURES RESOLVED " + A))
                .anyMatch(a -> a.startsWith("ROOT_TAKEOVER_SEQUENCE FIRING " + A))
                .anyMatch(a -> a.startsWith("ROOT_MFA_STATE_UNEXPLAINED FIRING " + C))
                .noneMatch(a -> a.startsWith("ROOT_MFA_STATE_UNEXPLAINED FIRING " + B))
                .noneMatch(a -> a.startsWith("ROOT_CONSOLE_LOGIN_FAILURES FIRING " + B))
                .anyMatch(a -> a.startsWith("CLOUDTRAIL_TAMPERING FIRING " + A))
                .anyMatch(a -> a.startsWith("ROOT_CREDENTIAL_CHANGE FIRING " + A));
        assertThat(IN_ORDER.stream().filter(a -> a.startsWith("ROOT_ACTIVITY RESOLVED"))).hasSize(3);
        // A: sign-in, deactivation and deletion 8 minutes later is one takeover; B: sign-in, deactivation 20 minutes later
        assertThat(IN_ORDER.stream().filter(a -> a.startsWith("ROOT_TAKEOVER_SEQUENCE FIRING " + A))).hasSize(1);
        assertThat(IN_ORDER.stream().filter(a -> a.startsWith("ROOT_TAKEOVER_SEQUENCE FIRING " + B))).hasSize(1);
    }

    /** Sends the input, each record arriving at its event time plus its delay, then ends it; the alerts, projected and sorted. */
    private static List<String> run(List<Integer> delays) {
        List<Integer> order = IntStream.range(0, INPUT.size()).boxed()
                .sorted(Comparator.comparing((Integer i) -> INPUT.get(i).at().plusSeconds(delays.get(i)))
                        .thenComparing(i -> i))
                .toList();
        Path dir = temporaryDirectory();
        try (EvaluatorDriver driver = new EvaluatorDriver(dir)) {
            HISTORY.forEach(driver::send);
            for (int i : order) {
                Object record = INPUT.get(i).record();
                if (record instanceof TrailEvent event) {
                    driver.send(event);
                } else {
                    driver.send((Posture) record);
                }
            }
            driver.endOfInput();
            return driver.alerts().stream().map(ArrivalOrderPropertyTest::project).sorted().toList();
        } finally {
            delete(dir);
        }
    }

    private static String project(Alert alert) {
        boolean earlyAggregate = alert.status() == AlertStatus.FIRING && (alert.type() == AlertType.ROOT_ACTIVITY
                || alert.type() == AlertType.ROOT_CONSOLE_LOGIN_FAILURES || alert.type() == AlertType.ROOT_TAKEOVER_SEQUENCE);
        return String.join(" ", alert.type().name(), alert.status().name(), alert.accountId(), alert.fingerprint(),
                alert.alertId(), earlyAggregate ? "-" : String.join(",", alert.eventIds()));
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("rootwatch-property-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
