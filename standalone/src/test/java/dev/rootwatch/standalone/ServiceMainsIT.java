package dev.rootwatch.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rootwatch.collector.testing.LocalSqs;
import dev.rootwatch.kafka.embedded.EmbeddedKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The three service mains keep one start-up contract, run from the packaged jar as a container
 * runs them: the configuration file named by {@code ROOTWATCH_CONFIG} (or {@code --config}),
 * {@code /healthz} at once, {@code /readyz} once the service can work, every meter tagged with its
 * service, Kafka client metrics, exit 0 after SIGTERM and 2 on an unknown argument.
 */
class ServiceMainsIT {

    private static final Map<String, String> MAINS = Map.of(
            "collector", "dev.rootwatch.collector.CollectorMain",
            "evaluator", "dev.rootwatch.evaluator.EvaluatorMain",
            "notifier", "dev.rootwatch.notifier.NotifierMain");

    private static EmbeddedKafkaBroker broker;
    private static LocalSqs sqs;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServers() {
        broker = EmbeddedKafkaBroker.start();
        sqs = LocalSqs.start();
    }

    @AfterAll
    static void stopServers() {
        sqs.close();
        broker.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"collector", "evaluator", "notifier"})
    void everyServiceStartsReportsAndStopsTheSameWay(String service) throws Exception {
        // Given a configuration file named by ROOTWATCH_CONFIG, the cluster and the port in the environment
        String queue = sqs.createQueue("mains-" + service, Duration.ofSeconds(30));
        Path config = dir.resolve(service + ".yaml");
        Files.writeString(config, """
                kafka:
                  partitions: 1
                http:
                  bindAddress: 127.0.0.1
                collector:
                  sqs:
                    queueUrls: ["%s"]
                    waitTime: 1s
                """.formatted(queue), StandardCharsets.UTF_8);
        int port = JavaProcess.freePort();
        Map<String, String> env = new HashMap<>(Map.of("ROOTWATCH_CONFIG", config.toString(),
                "ROOTWATCH_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(), "ROOTWATCH_HTTP_PORT", Integer.toString(port),
                "ROOTWATCH_DATA_DIR", dir.resolve(service + "-data").toString(), "AWS_ENDPOINT_URL_SQS", sqs.endpoint().toString()));

        // When the service's main starts
        try (JavaProcess process = JavaProcess.main("256m", MAINS.get(service), dir, dir.resolve(service + ".log"), env)) {
            // Then it becomes ready, and its metrics carry its name, with its Kafka clients' metrics
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                    .until(() -> JavaProcess.ready(port) || !process.isAlive());
            assertThat(process.isAlive()).as("running; log:%n%s", process.log()).isTrue();
            String metrics = JavaProcess.metrics(port);
            assertThat(metrics).containsPattern("(?m)^jvm_memory_used_bytes\\{.*service=\"" + service + "\"");
            assertThat(metrics).containsPattern("(?m)^kafka_(producer|consumer)_[a-z_]+\\{.*service=\"" + service + "\"");

            // And SIGTERM stops it with exit 0
            process.sigterm();
            assertThat(process.awaitExit(Duration.ofMinutes(1))).as("exit code; log:%n%s", process.log()).isZero();
        }
    }

    @Test
    void everyServiceRefusesAnUnknownArgumentWithExitCode2() throws Exception {
        for (Map.Entry<String, String> main : MAINS.entrySet()) {
            try (JavaProcess process = JavaProcess.main("128m", main.getValue(), dir, dir.resolve(main.getKey() + "-args.log"),
                    Map.of(), "--bogus")) {
                assertThat(process.awaitExit(Duration.ofSeconds(60))).as(main.getKey()).isEqualTo(2);
                assertThat(process.log()).contains("rootwatch-" + main.getKey()).contains("unknown argument '--bogus'");
            }
        }
    }
}
