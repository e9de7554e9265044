package dev.rootwatch.collector;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.rootwatch.collector.testing.CloudTrail.ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rootwatch.collector.testing.CloudTrail;
import dev.rootwatch.collector.testing.KafkaTopics;
import dev.rootwatch.collector.testing.LocalSqs;
import dev.rootwatch.collector.testing.StubS3;
import dev.rootwatch.common.model.TrailEvent;
import dev.rootwatch.kafka.embedded.EmbeddedKafkaBroker;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector service as a process: {@code CollectorMain} reads its config file, receives from
 * ElasticMQ, fetches from the S3 stub, produces to the embedded broker; SIGTERM while a slow log
 * file is in flight lets that file finish, reach Kafka and its message be deleted, and the
 * process exits 0.
 */
class CollectorMainIT {

    private static final String BUCKET = "service-trail";

    @TempDir
    Path dir;

    @Test
    void sigtermDrainsTheMessageInFlightAndExitsZero() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
             LocalSqs sqs = LocalSqs.start();
             StubS3 s3 = StubS3.start()) {
            // Given a log file that takes 4 s to download, named by a message on the queue
            KafkaTopics kafka = KafkaTopics.create(broker.bootstrapServers());
            String queue = sqs.createQueue("service-" + UUID.randomUUID().toString().substring(0, 8), Duration.ofSeconds(30));
            String key = CloudTrail.logKey(ACCOUNT, "servicedrain0001");
            List<String> ids = List.of(CloudTrail.newId(), CloudTrail.newId());
            s3.putSlow(BUCKET, key, CloudTrail.logFile(ids.stream().map(id -> CloudTrail.rootLoginRecord(ACCOUNT, id)).toList()), 4_000);
            sqs.send(queue, CloudTrail.s3Notification(BUCKET, key));
            Path config = dir.resolve("collector.yaml");
            Files.writeString(config, """
                    kafka:
                      bootstrapServers: "%s"
                      topicPrefix: "%s"
                    http:
                      port: 0
                      bindAddress: 127.0.0.1
                    collector:
                      sqs:
                        queueUrls: ["%s"]
                        endpoint: "%s"
                        waitTime: 1s
                        visibilityTimeout: 30s
                      s3:
                        endpoint: "%s"
                        forcePathStyle: true
                    """.formatted(broker.bootstrapServers(), kafka.prefix(), queue, sqs.endpoint(), s3.endpoint()));

            // When the service runs as its own process
            Path log = dir.resolve("collector.log");
            ProcessBuilder builder = new ProcessBuilder(javaBin(), "-Xmx256m", "-cp", testClassPath(),
                    CollectorMain.class.getName(), "--config", config.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(k -> k.startsWith("ROOTWATCH_") || k.startsWith("AWS_"));
            env.put("AWS_REGION", "eu-west-1");
            env.put("AWS_ACCESS_KEY_ID", "AKIAROOTWATCHTEST");
            env.put("AWS_SECRET_ACCESS_KEY", "rootwatch-test-secret");
            // posture polling is tested against stubbed IAM on its own; this process must never reach real AWS
            env.put("ROOTWATCH_POSTURE_ENABLED", "false");
            Process process = builder.start();
            try {
                // and SIGTERM arrives while the log file is still downloading
                await().atMost(Duration.ofSeconds(60)).until(() ->
                        !s3.server().findAll(getRequestedFor(urlPathMatching("/" + BUCKET + "/.*"))).isEmpty());
                process.destroy();

                // Then the process finishes that file, exits 0, and the message's events are all in Kafka and the message gone
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited; log:%n%s", read(log)).isTrue();
                assertThat(process.exitValue()).as("exit code; log:%n%s", read(log)).isZero();
            } finally {
                process.destroyForcibly();
            }
            assertThat(kafka.events()).extracting(TrailEvent::eventId).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(sqs.messagesLeft(queue)).isZero();
            assertThat(read(log)).contains("stop signal received").contains("sqs source stopped drained=true");
        }
    }

    private static String read(Path log) throws java.io.IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The test class path (failsafe passes it in a manifest-only jar; this property lists it in full). */
    static String testClassPath() {
        String path = System.getProperty("surefire.test.class.path");
        return path != null && !path.isBlank() ? path : System.getProperty("java.class.path").replace(';', File.pathSeparatorChar);
    }
}
