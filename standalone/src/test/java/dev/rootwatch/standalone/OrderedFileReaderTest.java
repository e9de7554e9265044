package dev.rootwatch.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rootwatch.collector.CollectorMetrics;
import dev.rootwatch.collector.IngestStats;
import dev.rootwatch.collector.InputFiles;
import dev.rootwatch.collector.Publisher;
import dev.rootwatch.collector.testing.RecordingPublisher;
import dev.rootwatch.common.cloudtrail.InputLimits;
import dev.rootwatch.common.model.TrailEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrderedFileReaderTest {

    private static final int FILES = 12;

    @TempDir
    Path dir;

    private final ExecutorService caller = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        caller.shutdownNow();
    }

    @Test
    void shouldReadEveryFileWhileThePublisherIsStartingThenPublishInInputOrder() throws Exception {
        // Given twelve files of one root sign-in each, and a publisher that is not there yet (the broker is starting)
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            String id = String.format(Locale.ROOT, "7c0e1a52-0000-4c1e-9d1a-%012d", i);
            ids.add(id);
            Files.writeString(dir.resolve(String.format(Locale.ROOT, "%02d.json", i)), rootSignIn(id), StandardCharsets.UTF_8);
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        OrderedFileReader reader = new OrderedFileReader(InputLimits.defaults(), new CollectorMetrics(registry),
                Clock.systemUTC(), 2);
        CompletableFuture<Publisher> starting = new CompletableFuture<>();

        // When the reading starts
        Future<IngestStats.Snapshot> reading = caller.submit(() -> reader.read(InputFiles.scan(List.of(dir)), starting));

        // Then all of the files are read while the publisher is still starting, not only the first few
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(inputsRead(registry)).isEqualTo(FILES));
        assertThat(reading).isNotDone();

        // and once it is there, their events go out in input order
        RecordingPublisher publisher = RecordingPublisher.acknowledging();
        starting.complete(publisher);
        assertThat(reading.get(20, TimeUnit.SECONDS).relevant()).isEqualTo(FILES);
        assertThat(publisher.events).extracting(TrailEvent::eventId).containsExactlyElementsOf(ids);
    }

    private static double inputsRead(SimpleMeterRegistry registry) {
        return registry.find("rootwatch.collector.inputs").counters().stream().mapToDouble(Counter::count).sum();
    }

    private static String rootSignIn(String eventId) {
        return """
                {"eventVersion":"1.08","userIdentity":{"type":"Root","principalId":"111122223333",\
                "arn":"arn:aws:iam::111122223333:root","accountId":"111122223333"},"eventTime":"2026-11-01T10:20:00Z",\
                "eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1",\
                "sourceIPAddress":"192.0.2.66","userAgent":"Mozilla/5.0","requestParameters":null,\
                "responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"MFAUsed":"No"},\
                "eventID":"%s","eventType":"AwsConsoleSignIn","recipientAccountId":"111122223333"}
                """.formatted(eventId);
    }
}
