package dev.rootwatch.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rootwatch.collector.aws.AwsClients;
import dev.rootwatch.collector.aws.AwsEndpoints;
import dev.rootwatch.common.runtime.GracefulShutdown;
import dev.rootwatch.collector.posture.FakeAws;
import dev.rootwatch.collector.testing.LocalSqs;
import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.PostureSettings;
import dev.rootwatch.common.config.Settings;
import dev.rootwatch.common.config.SourceSettings;
import dev.rootwatch.notifier.JsonLinesFileSink;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No dead panels, no rule on a metric that does not exist: a real Prometheus (Debian's package)
 * scrapes a running {@code rootwatch run} (SQS on ElasticMQ, posture from stubbed IAM, the embedded
 * broker) and every query of the shipped dashboards returns data, every metric the shipped alert
 * rules read is exposed. Skipped where the prometheus binary is not installed (.ci/run installs it).
 */
class PrometheusScrapeIT {

    @TempDir
    Path dir;

    @Test
    void everyDashboardQueryAndRuleMetricHasData() throws Exception {
        Path binary = PrometheusServer.binary().orElse(null);
        assumeThat(binary).as("prometheus binary (Debian package 'prometheus')").isNotNull();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (LocalSqs sqs = LocalSqs.start();
             FakeAws iam = new FakeAws();
             AwsClients aws = new AwsClients(new AwsEndpoints(sqs.endpoint(), null, null, false), LiveFixtures.CREDENTIALS,
                     LiveFixtures.REGION, 16)) {
            // Given IAM saying the account's root has virtual MFA, and rootwatch run reading a queue
            iam.callerIdentity(FakeAws.MANAGEMENT);
            iam.organizationsFeatures(false);
            iam.account(FakeAws.MANAGEMENT).summary(1, 1, 0).virtualDevices(true).report("true", "true", false, false);
            System.setProperty("aws.accessKeyId", FakeAws.BASE_KEY);
            System.setProperty("aws.secretAccessKey", "base-secret");
            System.setProperty("aws.disableEc2Metadata", "true");
            String queue = sqs.createQueue("scrape", Duration.ofSeconds(30));
            Config config = Config.defaults()
                    .with(Settings.HTTP_PORT, port)
                    .with(Settings.DATA_DIR, dir.resolve("data").toString())
                    .with(Settings.HTTP_BIND_ADDRESS, "127.0.0.1")
                    .with(Settings.NOTIFIER_CONSOLE_ENABLED, false)
                    .with(Settings.NOTIFIER_FILE_PATH, dir.resolve("alerts.jsonl").toString())
                    .with(SourceSettings.SQS_QUEUE_URLS, List.of(queue))
                    .with(SourceSettings.SQS_WAIT_TIME, Duration.ofSeconds(1))
                    .with(PostureSettings.ENABLED, true)
                    .with(PostureSettings.IAM_ENDPOINT, iam.url())
                    .with(PostureSettings.STS_ENDPOINT, iam.url())
                    .with(PostureSettings.REGION_SETTING, "us-east-1");
            GracefulShutdown shutdown = GracefulShutdown.manual();
            LiveRunner runner = new LiveRunner(config, Rootwatch.newRegistry(), List.of(new JsonLinesFileSink(dir.resolve("alerts.jsonl"))),
                    aws);
            Future<Integer> running = executor.submit(() -> runner.run(shutdown));

            // and CloudTrail flowing: root sign-ins, and one message that is not JSON (a dead letter)
            for (int i = 0; i < 5; i++) {
                sqs.send(queue, LiveFixtures.eventBridgeRootLogin("111111111111", UUID.randomUUID().toString()));
            }
            sqs.send(queue, "this is not CloudTrail");

            // When a real Prometheus scrapes it as the three rootwatch jobs, with the shipped rules loaded
            String target = "127.0.0.1:" + port;
            try (PrometheusServer prometheus = PrometheusServer.start(binary, dir, OpsExpressions.deploy().resolve(
                    "prometheus/rules.yml"), List.of(new String[] {"rootwatch-collector", target},
                    new String[] {"rootwatch-evaluator", target}, new String[] {"rootwatch-notifier", target}))) {
                await().atMost(Duration.ofSeconds(60)).until(() -> prometheus.targetsUp() == 3);

                // Then every dashboard query returns data (rates need a few scrapes)
                Map<String, String> queries = OpsExpressions.dashboardQueries();
                assertThat(queries).hasSizeGreaterThan(10);
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                    List<String> empty = new ArrayList<>();
                    for (Map.Entry<String, String> q : queries.entrySet()) {
                        JsonNode result = prometheus.query(q.getValue());
                        if (result.isEmpty()) {
                            empty.add(q.getKey() + ": " + q.getValue());
                        }
                    }
                    assertThat(empty).as("dashboard queries without data").isEmpty();
                });
                // and every metric an alert rule reads is exposed, and every rule expression evaluates
                List<String> missing = new ArrayList<>();
                for (Map.Entry<String, String> rule : OpsExpressions.ruleExpressions().entrySet()) {
                    prometheus.query(rule.getValue());
                    for (String metric : OpsExpressions.metricNames(rule.getValue())) {
                        if (prometheus.query("count({__name__=\"" + metric + "\"})").isEmpty()) {
                            missing.add(rule.getKey() + ": " + metric);
                        }
                    }
                }
                assertThat(missing).as("metrics the alert rules read but rootwatch does not expose").isEmpty();

                // and every rootwatch metric the endpoint exposes is in the README's metrics reference
                Map<String, String[]> exposed = MetricsReference.families(MetricsReference.scrape(target));
                Files.writeString(Path.of("target", "metrics-reference.md"), MetricsReference.markdown(exposed));
                assertThat(MetricsReference.documented()).as("README metrics reference (regenerate from"
                        + " standalone/target/metrics-reference.md)").containsAll(exposed.keySet());
            } finally {
                shutdown.requestStop();
                assertThat(running.get()).isZero();
            }
        } finally {
            executor.shutdownNow();
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }
}
