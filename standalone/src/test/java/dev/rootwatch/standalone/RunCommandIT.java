package dev.rootwatch.standalone;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.rootwatch.collector.testing.LocalSqs;
import dev.rootwatch.common.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rootwatch run} as a user runs it: the packaged jar in its own process, AWS endpoints
 * given the SDK's standard way ({@code AWS_ENDPOINT_URL_SQS}, {@code _S3}, {@code _CLOUDTRAIL}),
 * alerts to a JSON Lines file; SIGTERM while work is in flight drains it and exits 0.
 */
class RunCommandIT {

    private static final String ACCOUNT = "111122223333";
    private static final String BUCKET = "run-trail";

    @TempDir
    Path dir;

    @Test
    void sigtermWhileALogFileIsInFlightFinishesItsAlertsAndExitsZero() throws Exception {
        try (LocalSqs sqs = LocalSqs.start()) {
            WireMockServer s3 = LiveFixtures.wireMock();
            try {
                // Given a queue carrying an EventBridge root login now and, later, a notification of a slow log file
                String queue = sqs.createQueue("run", Duration.ofSeconds(30));
                String viaEventBridge = UUID.randomUUID().toString();
                String viaS3 = UUID.randomUUID().toString();
                String key = LiveFixtures.logKey(ACCOUNT, "runcommandslow01");
                LiveFixtures.putObject(s3, BUCKET, key, LiveFixtures.logFileWithRootLogin(ACCOUNT, viaS3), 4_000);
                sqs.send(queue, LiveFixtures.eventBridgeRootLogin(ACCOUNT, viaEventBridge));
                Path alerts = dir.resolve("alerts.jsonl");
                Path config = writeConfig(alerts, """
                        collector:
                          sqs:
                            queueUrls: ["%s"]
                            waitTime: 1s
                          s3:
                            forcePathStyle: true
                        """.formatted(queue));

                // When rootwatch run starts, with the endpoints in the SDK's environment variables
                Process process = start(config, Map.of("AWS_ENDPOINT_URL_SQS", sqs.endpoint().toString(),
                        "AWS_ENDPOINT_URL_S3", s3.baseUrl()));
                try {
                    // the first alert arrives end to end
                    await().atMost(Duration.ofMinutes(2)).until(() -> alertEventIds(alerts).contains(viaEventBridge));
                    // and SIGTERM comes while the log file is still downloading
                    sqs.send(queue, LiveFixtures.s3Notification(BUCKET, key));
                    await().atMost(Duration.ofSeconds(30)).until(() ->
                            !s3.findAll(getRequestedFor(urlPathMatching("/" + BUCKET + "/.*"))).isEmpty());
                    process.destroy();

                    // Then it exits 0 having finished that file: its alert is written and its message deleted
                    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("exited; log:%n%s", log()).isTrue();
                    assertThat(process.exitValue()).as("exit code; log:%n%s", log()).isZero();
                } finally {
                    process.destroyForcibly();
                }
                assertThat(alertEventIds(alerts)).containsExactlyInAnyOrder(viaEventBridge, viaS3);
                assertThat(sqs.messagesLeft(queue)).isZero();
                assertThat(log()).contains("stop signal received").contains("sqs source stopped drained=true");
            } finally {
                s3.stop();
            }
        }
    }

    @Test
    void withoutQueuesItPollsLookupEventsAndKeepsItsCheckpoint() throws Exception {
        WireMockServer cloudTrail = LiveFixtures.wireMock();
        try {
            // Given CloudTrail's event history holding one root login
            String eventId = UUID.randomUUID().toString();
            JsonNode event = Json.mapper().readTree(LiveFixtures.eventBridgeRootLogin(ACCOUNT, eventId)).get("detail");
            ObjectNode answer = Json.mapper().createObjectNode();
            answer.putArray("Events").addObject().put("EventId", eventId).put("EventName", "ConsoleLogin")
                    .put("EventTime", Instant.now().getEpochSecond()).put("EventSource", "signin.amazonaws.com")
                    .put("CloudTrailEvent", event.toString());
            cloudTrail.stubFor(post(urlEqualTo("/"))
                    .withHeader("X-Amz-Target", equalTo("com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents"))
                    .withRequestBody(matchingJsonPath("$.LookupAttributes[0].AttributeValue", equalTo("ConsoleLogin")))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                            .withBody(answer.toString())));
            Path alerts = dir.resolve("alerts.jsonl");
            Path checkpoint = dir.resolve("lookup-checkpoint.json");
            Path config = writeConfig(alerts, """
                    collector:
                      lookup:
                        eventNames: ["ConsoleLogin"]
                        interval: 2s
                        checkpointFile: "%s"
                    """.formatted(checkpoint));

            // When rootwatch run starts without any queue
            Process process = start(config, Map.of("AWS_ENDPOINT_URL_CLOUDTRAIL", cloudTrail.baseUrl()));
            try {
                // Then the root login is alerted once, however many polls ran
                await().atMost(Duration.ofMinutes(2)).until(() -> alertEventIds(alerts).contains(eventId));
                await().atMost(Duration.ofSeconds(30)).until(() -> cloudTrail.getAllServeEvents().size() >= 3);
                process.destroy();
                assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("exited; log:%n%s", log()).isTrue();
                assertThat(process.exitValue()).as("exit code; log:%n%s", log()).isZero();
            } finally {
                process.destroyForcibly();
            }
            assertThat(alertEventIds(alerts)).containsExactly(eventId);
            assertThat(Files.readString(checkpoint)).contains("us-east-1/ConsoleLogin").contains(eventId);
        } finally {
            cloudTrail.stop();
        }
    }

    private Path writeConfig(Path alerts, String collector) throws IOException {
        Path config = dir.resolve("rootwatch.yaml");
        Files.writeString(config, """
                kafka:
                  partitions: 1
                data:
                  dir: "%s"
                http:
                  port: 0
                  bindAddress: 127.0.0.1
                notifier:
                  console:
                    enabled: false
                  file:
                    path: "%s"
                """.formatted(dir.resolve("data"), alerts) + collector);
        return config;
    }

    private Process start(Path config, Map<String, String> endpoints) throws IOException {
        Path jar = Path.of("target", "rootwatch.jar").toAbsolutePath();
        assertThat(jar).exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        command.addAll(List.of("-jar", jar.toString(), "run"));
        command.addAll(List.of("--config", config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("run.log").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("ROOTWATCH_") || k.startsWith("AWS_"));
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "AKIAROOTWATCHTEST");
        env.put("AWS_SECRET_ACCESS_KEY", "rootwatch-test-secret");
        // posture polling is tested against stubbed IAM on its own; this process must never reach real AWS
        env.put("ROOTWATCH_POSTURE_ENABLED", "false");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.putAll(endpoints);
        return builder.start();
    }

    private String log() throws IOException {
        Path log = dir.resolve("run.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    private static List<String> alertEventIds(Path alerts) throws IOException {
        if (!Files.exists(alerts)) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        for (String line : Files.readAllLines(alerts, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                Json.mapper().readTree(line).path("eventIds").forEach(id -> ids.add(id.asText()));
            }
        }
        return ids;
    }
}
