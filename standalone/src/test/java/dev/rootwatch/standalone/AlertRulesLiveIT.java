package dev.rootwatch.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.rootwatch.collector.posture.FakeAws;
import dev.rootwatch.collector.testing.CloudTrail;
import dev.rootwatch.collector.testing.LocalSqs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every page the shipped Prometheus rules promise, proven on the real thing: the packaged jar runs
 * {@code rootwatch run} in organization mode against IAM, STS and Organizations stand-ins (the
 * documented wire formats), SQS on ElasticMQ and S3 on WireMock; a real Prometheus (Debian's
 * package) scrapes it with {@code deploy/prometheus/rules.yml} loaded. The test drives the states
 * the rules are written for (an account without root MFA, an account whose posture cannot be read,
 * a silent CloudTrail source, a failing sink, a refusing sink, a flood of late events, the process
 * killed) and asks Prometheus which alerts fired.
 *
 * <p>The only changes to the rules are for test time: every {@code for:} is 0s, and
 * RootwatchAlertsUndelivered waits 10 seconds instead of 15 minutes. Label values, metric names and
 * expressions are the shipped ones.
 *
 * <p>It also records what the jar exposes ({@code target/live-scrape.prom}): the input series of
 * {@code rules.test.yml} must be series of that scrape, so the promtool tests cannot drift from
 * live metrics again. Skipped where the prometheus binary is not installed (.ci/run installs it).
 */
class AlertRulesLiveIT {

    private static final String NO_MFA = "222222222222";
    private static final String DENIED = "333333333333";
    private static final String BUCKET = "rules-trail";
    /** Late root sign-ins per log file, and log files: enough that the evaluator falls measurably behind the collector. */
    private static final int FLOOD = 20_000;
    private static final int FLOOD_FILES = 2;

    @TempDir
    Path dir;

    @Test
    void everyShippedRuleFiresOnTheStateItIsWrittenFor() throws Exception {
        Path binary = PrometheusServer.binary().orElse(null);
        assumeThat(binary).as("prometheus binary (Debian package 'prometheus')").isNotNull();
        Map<String, String> rules = OpsExpressions.ruleExpressions();
        try (FakeAws aws = organization();
             LocalSqs sqs = LocalSqs.start();
             RecordingReceiver failing = RecordingReceiver.start("failing-key");
             RecordingReceiver refusing = RecordingReceiver.start("refusing-key")) {
            WireMockServer s3 = LiveFixtures.wireMock();
            failing.answer(503);
            refusing.answer(400);
            String queue = sqs.createQueue("rules", Duration.ofSeconds(30));
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
                      s3:
                        forcePathStyle: true
                    posture:
                      enabled: true
                      mode: organization
                      interval: 5s
                      jitter: 0s
                      region: us-east-1
                      endpoints:
                        iam: "%s"
                        sts: "%s"
                        organizations: "%s"
                    evaluator:
                      punctuationInterval: 1s
                    notifier:
                      console:
                        enabled: false
                      delivery:
                        initialBackoff: 200ms
                        maxBackoff: 2s
                      sinks:
                        - name: pager
                          type: webhook
                          url: "%s"
                          secretEnv: PAGER_KEY
                          types: [ROOT_MFA_DISABLED]
                        - name: chat
                          type: webhook
                          url: "%s"
                          secretEnv: CHAT_KEY
                          types: [ROOT_HARDWARE_MFA_MISSING]
                    """.formatted(dir.resolve("data"), port, queue, aws.url(), aws.url(), aws.url(), failing.url(),
                    refusing.url()), StandardCharsets.UTF_8);
            Path testRules = Files.writeString(dir.resolve("rules.yml"), forTestTime(
                    Files.readString(OpsExpressions.deploy().resolve("prometheus/rules.yml"))));
            Instant start = Instant.now().minusSeconds(5);
            // Given rootwatch run as a user starts it, and a real Prometheus scraping it
            try (JavaProcess rootwatch = JavaProcess.rootwatch(dir, dir.resolve("rootwatch.log"), Map.of(
                    "AWS_ENDPOINT_URL_SQS", sqs.endpoint().toString(), "AWS_ENDPOINT_URL_S3", s3.baseUrl(),
                    "AWS_ACCESS_KEY_ID", FakeAws.BASE_KEY, "AWS_SECRET_ACCESS_KEY", "base-secret",
                    "ROOTWATCH_POSTURE_ENABLED", "true", "PAGER_KEY", "failing-key", "CHAT_KEY", "refusing-key"),
                    "run", "--config", config.toString());
                 PrometheusServer prometheus = PrometheusServer.start(binary, dir, testRules,
                         List.<String[]>of(new String[] {"rootwatch", "127.0.0.1:" + port}))) {
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                        .until(() -> JavaProcess.ready(port) || !rootwatch.isAlive());
                assertThat(rootwatch.isAlive()).as("rootwatch running; log:%n%s", rootwatch.log()).isTrue();

                // When one account's root has no MFA, another's posture cannot be read, no CloudTrail
                // arrives, the pager answers 503 and the chat sink refuses with 400
                // Then the rules on the accounts, the silence, the sinks and the dead letters fire
                Set<String> quiet = Set.of("RootMfaNonCompliant", "RootMfaPostureUnknown", "RootwatchNoCloudTrail",
                        "RootwatchNotifierFailing", "RootwatchAlertsUndelivered", "RootwatchDeadLettersIncreasing");
                awaitFired(prometheus, start, quiet, Duration.ofMinutes(2), rootwatch);

                // When CloudTrail log files of root sign-ins 25 minutes old arrive all at once, with a message that is not CloudTrail
                for (int file = 1; file <= FLOOD_FILES; file++) {
                    String key = CloudTrail.logKey(FakeAws.MANAGEMENT, "rulesflood000" + file);
                    LiveFixtures.putObject(s3, BUCKET, key, lateSignIns(FakeAws.MANAGEMENT, FLOOD), 0);
                    sqs.send(queue, CloudTrail.s3Notification(BUCKET, key));
                }
                sqs.send(queue, "this is not CloudTrail");

                // Then the delivery lag rule and the consumer lag rule fire
                awaitFired(prometheus, start, Set.of("RootwatchCloudTrailDeliveryLagHigh", "RootwatchConsumerLagGrowing"),
                        Duration.ofMinutes(3), rootwatch);

                // and every dashboard query returns data
                Map<String, String> queries = OpsExpressions.dashboardQueries();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                    List<String> empty = new ArrayList<>();
                    for (Map.Entry<String, String> q : queries.entrySet()) {
                        if (prometheus.query(q.getValue()).isEmpty()) {
                            empty.add(q.getKey() + ": " + q.getValue());
                        }
                    }
                    assertThat(empty).as("dashboard queries without data").isEmpty();
                });

                // and the promtool tests stand on series the jar exposes, once the Kafka clients' metrics are what a
                // running process shows: Micrometer binds a client's metrics when the client starts and looks for new
                // ones a minute later, when the per-partition lag replaces the per-client lag of the first minute (of
                // every client: the first client to look drops the others' per-client lag until they look too)
                List<PromSeries> inputs = PromSeries.ruleTestInputs(OpsExpressions.deploy().resolve("prometheus/rules.test.yml"));
                AtomicReference<String> settled = new AtomicReference<>();
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    settled.set(JavaProcess.metrics(port));
                    Files.writeString(Path.of("target", "live-scrape.prom"), settled.get());
                    assertThat(PromSeries.unbacked(inputs, PromSeries.scrape(settled.get())))
                            .as("rules.test.yml series that the live scrape does not have (see target/live-scrape.prom)").isEmpty();
                });
                List<PromSeries> live = PromSeries.scrape(settled.get());
                // and the committed recording the promtool tests are checked against is still what the jar exposes
                Set<String> ruleMetrics = new java.util.TreeSet<>();
                rules.values().forEach(expr -> ruleMetrics.addAll(OpsExpressions.metricNames(expr)));
                List<PromSeries> recorded = PromSeries.scrape(Files.readString(OpsExpressions.deploy().resolve(
                        "prometheus/testdata/live-scrape.prom"))).stream()
                        .filter(series -> ruleMetrics.stream().anyMatch(m -> series.name().startsWith(m))).toList();
                assertThat(PromSeries.unbacked(recorded, live))
                        .as("series of deploy/prometheus/testdata/live-scrape.prom the jar no longer exposes:"
                                + " copy target/live-scrape.prom over it").isEmpty();

                // When the process dies
                rootwatch.kill9();

                // Then the service-down rule fires, and with it every rule in rules.yml has fired
                awaitFired(prometheus, start, Set.of("RootwatchServiceDown"), Duration.ofSeconds(60), rootwatch);
                assertThat(prometheus.alertsFiredSince(start)).containsExactlyInAnyOrderElementsOf(rules.keySet());
            } finally {
                s3.stop();
            }
        }
    }

    /** IAM, STS and Organizations of an organization: the management account compliant, one member without root MFA, one unreadable. */
    private static FakeAws organization() {
        FakeAws aws = new FakeAws();
        aws.callerIdentity(FakeAws.MANAGEMENT);
        aws.organization(List.of(FakeAws.MANAGEMENT, NO_MFA, DENIED), List.of());
        aws.organizationsFeatures(true);
        aws.memberRole(NO_MFA);
        aws.memberRoleDenied(DENIED);
        aws.account(FakeAws.MANAGEMENT).summary(1, 1, 0).virtualDevices(true).report("not_supported", "true", false, false);
        aws.account(NO_MFA).summary(0, 1, 0).virtualDevices(false).report("not_supported", "false", false, false);
        return aws;
    }

    /** The shipped rules with what only time makes differ: no {@code for:} wait, and an undelivered alert's 15 minutes as 10 seconds. */
    static String forTestTime(String rules) {
        String fast = rules.replaceAll("(?m)^(\\s+)for: \\S+$", "$1for: 0s");
        String undelivered = fast.replace("(rootwatch_notifier_oldest_undelivered_age_seconds) > 900",
                "(rootwatch_notifier_oldest_undelivered_age_seconds) > 10");
        assertThat(undelivered).as("the undelivered rule's threshold").isNotEqualTo(fast);
        return undelivered;
    }

    private static byte[] lateSignIns(String account, int count) {
        String late = Instant.now().minus(25, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        List<ObjectNode> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ObjectNode record = CloudTrail.rootLoginRecord(account, UUID.randomUUID().toString());
            record.put("eventTime", late);
            records.add(record);
        }
        return CloudTrail.logFile(records);
    }

    private static void awaitFired(PrometheusServer prometheus, Instant start, Set<String> expected, Duration timeout,
                                   JavaProcess rootwatch) {
        Map<String, Object> last = new LinkedHashMap<>();
        try {
            await().atMost(timeout).pollInterval(Duration.ofSeconds(1)).until(() -> {
                Set<String> fired = prometheus.alertsFiredSince(start);
                last.put("fired", fired);
                return fired.containsAll(expected);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            StringBuilder seen = new StringBuilder();
            for (String probe : List.of("max by (client_id) (max_over_time(kafka_consumer_fetch_manager_records_lag_max[10m]))",
                    "histogram_quantile(0.99, sum by (le) (rate(rootwatch_collector_delivery_lag_seconds_bucket[15m])))")) {
                try {
                    seen.append(probe).append(" = ").append(prometheus.query(probe)).append('\n');
                } catch (Exception probeFailed) {
                    seen.append(probe).append(": ").append(probeFailed).append('\n');
                }
            }
            throw new AssertionError("expected " + expected + " to have fired, fired: " + last.get("fired") + "\n" + seen
                    + "rootwatch log tail:\n" + tail(rootwatch.log()), e);
        }
    }

    private static String tail(String log) {
        return log.length() > 6000 ? log.substring(log.length() - 6000) : log;
    }
}
