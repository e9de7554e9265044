package dev.rootwatch.common.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.rootwatch.common.model.AccountIds;
import dev.rootwatch.common.model.Ingest;
import dev.rootwatch.common.model.IngestSource;
import dev.rootwatch.common.model.TrailEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Reads the public CloudTrail samples kept beside the project (shared/cloudtrail-samples) as an
 * extra conformance corpus. Skipped where that folder is absent.
 */
class SharedSamplesConformanceTest {

    static Path samples() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("cloudtrail-samples");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            Path sibling = dir.resolveSibling("shared").resolve("cloudtrail-samples");
            if (Files.isDirectory(sibling)) {
                return sibling;
            }
        }
        return null;
    }

    @TestFactory
    Stream<DynamicTest> everySampleIsReadAndAccountedFor() throws IOException {
        Path dir = samples();
        assumeThat(dir).as("shared/cloudtrail-samples beside the project").isNotNull();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
        }
        assertThat(files).hasSizeGreaterThan(20);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> check(file)));
    }

    private static void check(Path file) throws Exception {
        String name = file.getFileName().toString();
        RecordingHandler handler = new RecordingHandler();
        try (InputStream in = Decompression.open(Files.newInputStream(file), 1 << 24)) {
            new EnvelopeReader(InputLimits.defaults()).read(in, name, handler);
        }
        if (name.contains("digest")) {
            assertThat(handler.skipped).containsExactly(SkipReason.DIGEST);
        } else if (name.contains("testevent")) {
            assertThat(handler.skipped).containsExactly(SkipReason.S3_TEST_EVENT);
        } else if (name.startsWith("sns_") || name.startsWith("sqs_body") || name.startsWith("lambda_")) {
            assertThat(handler.objects).as("log files named by the notification").isNotEmpty();
            assertThat(handler.objects).allSatisfy(o -> assertThat(o.key()).doesNotContain("%"));
        } else if (name.contains("credentialchallenge") || name.contains("credentialverification")) {
            // AWS's published example is not valid JSON (a missing quote): it must be dead-lettered, not crash
            assertThat(handler.events.size() + handler.dead.size()).isPositive();
        } else {
            assertThat(handler.dead).as("dead letters").isEmpty();
            assertThat(handler.events).as("CloudTrail events").isNotEmpty();
            for (RecordingHandler.Event e : handler.events) {
                Ingest ingest = new Ingest(IngestSource.FILE, Instant.now(), name);
                if (!AccountIds.isValid(namedAccount(e))) {
                    // samples whose account ids were redacted ("{REDACTED}", "892xxxxxxxxx", "1") are refused, never guessed
                    assertThatThrownBy(() -> EventNormalizer.normalize(e.event(), e.envelopeAccount(), ingest))
                            .isInstanceOf(InvalidEventException.class).hasMessageContaining("twelve ASCII digits");
                    continue;
                }
                TrailEvent t = EventNormalizer.normalize(e.event(), e.envelopeAccount(), ingest);
                assertThat(t.eventTime()).isNotNull();
                assertThat(t.accountId()).isNotBlank();
            }
        }
    }

    /** The account an event names first, as the normalizer picks it. */
    private static String namedAccount(RecordingHandler.Event e) {
        for (String value : new String[] {e.event().path("recipientAccountId").asText(""),
                e.event().path("userIdentity").path("accountId").asText(""), e.envelopeAccount()}) {
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }
}
