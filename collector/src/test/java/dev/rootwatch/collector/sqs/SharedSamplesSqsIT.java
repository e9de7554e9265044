package dev.rootwatch.collector.sqs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.rootwatch.collector.AccountScope;
import dev.rootwatch.collector.CollectorMetrics;
import dev.rootwatch.collector.PostureRefreshRequests;
import dev.rootwatch.collector.testing.CloudTrail;
import dev.rootwatch.collector.testing.LocalSqs;
import dev.rootwatch.collector.testing.RecordingPublisher;
import dev.rootwatch.collector.testing.SharedSamples;
import dev.rootwatch.collector.testing.StubS3;
import dev.rootwatch.common.json.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The public samples of SQS bodies (SNS envelopes, S3 notifications, S3 test events, EventBridge
 * events) as an extra corpus: each goes through the SQS source, and each is deleted without a
 * dead letter. Skipped where shared/cloudtrail-samples is absent.
 */
class SharedSamplesSqsIT {

    @Test
    void everySqsShapedSampleIsProcessedAndDeleted() throws Exception {
        Path dir = SharedSamples.directory();
        assumeThat(dir).as("shared/cloudtrail-samples beside the project").isNotNull();
        List<Path> samples = SharedSamples.named(dir, "sns_", "sqs_body_", "eventbridge_");
        assertThat(samples).hasSizeGreaterThan(5);

        try (LocalSqs sqs = LocalSqs.start(); StubS3 s3 = StubS3.start(); SqsTestBed bed = new SqsTestBed(sqs, s3)) {
            // Given every object any sample names is a log file with one root login
            s3.server().stubFor(get(urlPathMatching("/.*")).atPriority(5).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/octet-stream")
                    .withBody(CloudTrail.logFile(List.of(CloudTrail.rootLoginRecord(CloudTrail.ACCOUNT, "sample-object-login"))))));
            String queue = sqs.createQueue("samples-" + UUID.randomUUID().toString().substring(0, 8), Duration.ofSeconds(30));
            for (Path sample : samples) {
                sqs.send(queue, Json.mapper().readTree(Files.readString(sample)).toString());
            }
            RecordingPublisher publisher = RecordingPublisher.acknowledging();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();

            // When the collector reads them
            SqsSource source = bed.source(SqsTestBed.settings(List.of(queue), Duration.ofSeconds(30), 3), publisher, registry,
                    AccountScope.ALL, PostureRefreshRequests.NONE);
            source.start();

            // Then every message is deleted and none was a dead letter
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(sqs.messagesLeft(queue)).isZero());
            source.stop(Duration.ofSeconds(10));
            assertThat(CollectorMetrics.count(registry, "rootwatch.collector.sqs.messages.deleted")).isEqualTo(samples.size());
            assertThat(publisher.deadLetters).isEmpty();
            assertThat(publisher.events).isNotEmpty();
            assertThat(CollectorMetrics.count(registry, "rootwatch.collector.skipped", "reason", "s3_test_event")).isEqualTo(1);
        }
    }
}
