package dev.rootwatch.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rootwatch.collector.posture.FakeAws;
import dev.rootwatch.collector.testing.LocalSqs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An open incident as Alertmanager sees it: a real Alertmanager (Debian's package) with a short
 * {@code resolve_timeout}, the packaged jar running {@code rootwatch run} with an alertmanager sink,
 * IAM (a stand-in answering its wire format) saying root has no MFA. ROOT_MFA_DISABLED must stay
 * active in Alertmanager well past {@code resolve_timeout}, across a restart of rootwatch, and end
 * when root has MFA again. Skipped where the Alertmanager binary is not installed (.ci/run installs
 * it).
 */
class AlertmanagerLifecycleIT {

    /** Alertmanager's own expiry of an alert that is not posted again (5 minutes by default). */
    private static final Duration RESOLVE_TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void anOpenIncidentStaysActivePastResolveTimeoutAcrossARestartAndEndsOnResolved() throws Exception {
        Path binary = AlertmanagerServer.binary().orElse(null);
        assumeThat(binary).as("Alertmanager binary (Debian package 'prometheus-alertmanager')").isNotNull();
        String account = FakeAws.MANAGEMENT;
        try (FakeAws iam = new FakeAws();
             LocalSqs sqs = LocalSqs.start();
             AlertmanagerServer alertmanager = AlertmanagerServer.start(binary, dir, RESOLVE_TIMEOUT)) {
            // Given IAM saying the root user of the account has no MFA
            iam.callerIdentity(account);
            iam.organizationsFeatures(false);
            iam.account(account).summary(0, 1, 0).virtualDevices(false).report("true", "false", false, false);
            String queue = sqs.createQueue("lifecycle", Duration.ofSeconds(30));
            int port = JavaProcess.freePort();
            Path config = Files.writeString(dir.resolve("rootwatch.yaml"), """
                    data:
                      dir: "%s"
                    http:
                      port: %d
                      bindAddress: 127.0.0.1
                    collector:
                      sqs:
                        queueUrls: ["%s"]
                        waitTime: 1s
                    posture:
                      enabled: true
                      interval: 2s
                      jitter: 0s
                      region: us-east-1
                      endpoints:
                        iam: "%s"
                        sts: "%s"
                    evaluator:
                      punctuationInterval: 1s
                      incidentRefresh: 8s
                    notifier:
                      console:
                        enabled: false
                      sinks:
                        - name: alertmanager
                          type: alertmanager
                          url: "%s"
                    """.formatted(dir.resolve("data"), port, queue, iam.url(), iam.url(), alertmanager.url()), StandardCharsets.UTF_8);
            Map<String, String> environment = Map.of("AWS_ACCESS_KEY_ID", FakeAws.BASE_KEY, "AWS_SECRET_ACCESS_KEY", "base-secret",
                    "ROOTWATCH_POSTURE_ENABLED", "true", "AWS_ENDPOINT_URL_SQS", sqs.endpoint().toString());

            // When rootwatch runs and raises ROOT_MFA_DISABLED
            JavaProcess first = JavaProcess.rootwatch(dir, dir.resolve("run-1.log"), environment, "run", "--config", config.toString());
            try {
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                        .until(() -> alertmanager.active("ROOT_MFA_DISABLED", account) || !first.isAlive());
                assertThat(first.isAlive()).as("rootwatch running; log:%n%s", first.log()).isTrue();
                Instant posted = Instant.now();

                // Then Alertmanager holds it active for twice its resolve_timeout
                staysActive(alertmanager, account, RESOLVE_TIMEOUT.multipliedBy(2));
                System.out.printf("FIGURE alertmanager: ROOT_MFA_DISABLED active %d s after it was posted (resolve_timeout %d s)%n",
                        Duration.between(posted, Instant.now()).toSeconds(), RESOLVE_TIMEOUT.toSeconds());

                // When rootwatch is stopped and started again on the same data directory
                first.sigterm();
                assertThat(first.awaitExit(Duration.ofSeconds(60))).as("exit code; log:%n%s", first.log()).isZero();
            } finally {
                first.close();
            }
            Instant stopped = Instant.now();
            try (JavaProcess second = JavaProcess.rootwatch(dir, dir.resolve("run-2.log"), environment, "run", "--config",
                    config.toString())) {
                // Then the incident stays active while rootwatch is down (its last endsAt is four refreshes ahead)
                while (!JavaProcess.ready(port)) {
                    assertThat(second.isAlive()).as("rootwatch running; log:%n%s", second.log()).isTrue();
                    assertThat(Duration.between(stopped, Instant.now())).isLessThan(Duration.ofMinutes(2));
                    assertThat(alertmanager.active("ROOT_MFA_DISABLED", account)).as("active while rootwatch restarts").isTrue();
                    Thread.sleep(500);
                }
                // and, still open, past resolve_timeout again after the restart, as one alert
                staysActive(alertmanager, account, RESOLVE_TIMEOUT.multipliedBy(2));
                assertThat(rootMfaDisabled(alertmanager)).singleElement()
                        .satisfies(a -> assertThat(a.path("labels").path("severity").asText()).isEqualToIgnoringCase("critical"));

                // When root has MFA again
                iam.account(account).summary(1, 1, 0).virtualDevices(true).report("true", "true", false, false);

                // Then the RESOLVED ends it in Alertmanager, sooner than its last endsAt (at least three refreshes, 24 s, ahead)
                // would have
                Instant fixed = Instant.now();
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                        .until(() -> !alertmanager.active("ROOT_MFA_DISABLED", account));
                System.out.printf("FIGURE alertmanager: ROOT_MFA_DISABLED ended %d ms after IAM said root has MFA again%n",
                        Duration.between(fixed, Instant.now()).toMillis());
            }
        }
    }

    /** Checks every half second for {@code period} that Alertmanager holds ROOT_MFA_DISABLED active. */
    private static void staysActive(AlertmanagerServer alertmanager, String account, Duration period) throws Exception {
        Instant until = Instant.now().plus(period);
        while (Instant.now().isBefore(until)) {
            assertThat(alertmanager.active("ROOT_MFA_DISABLED", account))
                    .as("ROOT_MFA_DISABLED active in Alertmanager at %s; alerts: %s", Instant.now(), alertmanager.activeAlerts())
                    .isTrue();
            Thread.sleep(500);
        }
    }

    private static List<JsonNode> rootMfaDisabled(AlertmanagerServer alertmanager) throws Exception {
        return alertmanager.activeAlerts().stream()
                .filter(a -> "ROOT_MFA_DISABLED".equals(a.path("labels").path("alertname").asText())).toList();
    }
}
