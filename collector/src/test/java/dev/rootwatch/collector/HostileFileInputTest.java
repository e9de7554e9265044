package dev.rootwatch.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rootwatch.collector.testing.CloudTrail;
import dev.rootwatch.collector.testing.RecordingPublisher;
import dev.rootwatch.common.cloudtrail.InputLimits;
import dev.rootwatch.common.model.DeadLetter;
import dev.rootwatch.common.model.DeadLetterReason;
import dev.rootwatch.common.model.Posture;
import dev.rootwatch.common.model.TrailEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local inputs that once blinded or stopped a replay: every one of them is accounted for (read,
 * skipped unopened, or dead-lettered) and the good files around them are read.
 */
class HostileFileInputTest {

    @TempDir
    Path dir;

    private final RecordingPublisher publisher = RecordingPublisher.acknowledging();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final FileCollector collector = new FileCollector(InputLimits.defaults(), publisher, new CollectorMetrics(registry),
            Clock.systemUTC());

    private Path logFile(String name, String eventId) throws IOException {
        return Files.write(dir.resolve(name), CloudTrail.logFile(List.of(CloudTrail.rootLoginRecord(CloudTrail.ACCOUNT, eventId))));
    }

    private static Path fifo(Path path) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mkfifo", path.toString()).start();
        assumeThat(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0).as("mkfifo works here").isTrue();
        return path;
    }

    @Test
    @Timeout(30)
    void aNamedPipeIsSkippedUnopenedAndCountedWhetherNamedOrInsideAFolder() throws Exception {
        // Given a named pipe given as an input, and another inside a folder between two log files
        Path named = fifo(dir.resolve("named.pipe"));
        Path folder = Files.createDirectories(dir.resolve("folder"));
        Files.write(folder.resolve("a.json.gz"), CloudTrail.logFile(List.of(CloudTrail.rootLoginRecord(CloudTrail.ACCOUNT, "a"))));
        fifo(folder.resolve("b.pipe"));
        Files.write(folder.resolve("c.json.gz"), CloudTrail.logFile(List.of(CloudTrail.rootLoginRecord(CloudTrail.ACCOUNT, "c"))));

        // When both are collected (a pipe opened for reading would wait for a writer forever)
        IngestStats.Snapshot stats = collector.collect(List.of(named, folder));

        // Then both pipes are skipped and counted, and the files around them read
        assertThat(publisher.events).extracting(TrailEvent::eventId).containsExactly("a", "c");
        assertThat(stats.skipped()).isEqualTo(2);
        assertThat(stats.files()).isEqualTo(2);
        assertThat(CollectorMetrics.count(registry, "rootwatch.collector.skipped", "reason", "not_a_file")).isEqualTo(2);
    }

    @Test
    void linksAreFollowedToFilesOnlyAndALoopIsSkipped() throws Exception {
        // Given a folder with a link to a log file, a link loop, a dangling link and a link to a directory
        Path target = logFile("target.json.gz", "linked");
        Path folder = Files.createDirectories(dir.resolve("links"));
        Files.createSymbolicLink(folder.resolve("1-file"), target);
        Files.createSymbolicLink(folder.resolve("2-loop-a"), folder.resolve("2-loop-b"));
        Files.createSymbolicLink(folder.resolve("2-loop-b"), folder.resolve("2-loop-a"));
        Files.createSymbolicLink(folder.resolve("3-dangling"), dir.resolve("nowhere"));
        Files.createSymbolicLink(folder.resolve("4-dir"), dir);

        // When it is collected
        IngestStats.Snapshot stats = collector.collect(List.of(folder));

        // Then the linked file is read and the four others are skipped, counted
        assertThat(publisher.events).extracting(TrailEvent::eventId).containsExactly("linked");
        assertThat(stats.skipped()).isEqualTo(4);
    }

    @Test
    void anUnreadableSubfolderIsADeadLetterAndTheRestIsRead() throws Exception {
        assumeThat(System.getProperty("user.name")).as("permissions bind (not root)").isNotEqualTo("root");
        // Given a folder with a log file on each side of a sub-folder nobody may list
        Path folder = Files.createDirectories(dir.resolve("input"));
        Files.write(folder.resolve("a.json.gz"), CloudTrail.logFile(List.of(CloudTrail.rootLoginRecord(CloudTrail.ACCOUNT, "a"))));
        Path locked = Files.createDirectories(folder.resolve("b-locked"));
        Files.write(folder.resolve("c.json.gz"), CloudTrail.logFile(List.of(CloudTrail.rootLoginRecord(CloudTrail.ACCOUNT, "c"))));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            // When it is collected
            IngestStats.Snapshot stats = collector.collect(List.of(folder));

            // Then the locked folder is one dead letter and both files are read
            assertThat(publisher.events).extracting(TrailEvent::eventId).containsExactly("a", "c");
            assertThat(stats.deadLettered()).isEqualTo(1);
            assertThat(publisher.deadLetters).singleElement().satisfies(d -> {
                assertThat(d.reason()).isEqualTo(DeadLetterReason.UNREADABLE);
                assertThat(d.ref()).endsWith("b-locked");
            });
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void manyBrokenLinesAreElevenDeadLettersAndEveryOneIsCounted() throws Exception {
        // Given one root login, then 100,000 junk lines
        StringBuilder text = new StringBuilder(CloudTrail.rootLoginRecord(CloudTrail.ACCOUNT, "first").toString()).append('\n');
        for (int i = 0; i < 100_000; i++) {
            text.append("junk line ").append(i).append('\n');
        }
        Path file = Files.writeString(dir.resolve("junk.jsonl"), text, StandardCharsets.UTF_8);

        // When it is collected
        IngestStats.Snapshot stats = collector.collect(List.of(file));

        // Then the login is read; ten junk lines are sent one by one and one summary stands for the others
        assertThat(publisher.events).extracting(TrailEvent::eventId).containsExactly("first");
        assertThat(publisher.deadLetters).hasSize(InputDeadLetters.SAMPLE + 1);
        DeadLetter summary = publisher.deadLetters.get(InputDeadLetters.SAMPLE);
        assertThat(summary.count()).isEqualTo(100_000 - InputDeadLetters.SAMPLE);
        assertThat(summary.detail()).contains("malformed_json=99990");
        assertThat(publisher.deadLetters.stream().mapToLong(DeadLetter::count).sum()).isEqualTo(100_000);
        assertThat(stats.deadLettered()).isEqualTo(100_000);
        assertThat(CollectorMetrics.count(registry, "rootwatch.collector.dead.letters", "reason", "malformed_json"))
                .isEqualTo(100_000);
    }

    @Test
    void aPostureObjectOfNoAccountOrFromTheFarFutureIsADeadLetter() throws Exception {
        // Given posture objects with a short account id, a time in 2999, and a good one
        String posture = "{\"schema\":\"rootwatch.posture/v1\",\"accountId\":\"%s\",\"observedAt\":\"%s\",\"mfaEnabled\":false}";
        Path file = Files.writeString(dir.resolve("posture.jsonl"), String.join("\n",
                posture.formatted("12345", "2026-11-01T12:00:00Z"),
                posture.formatted(CloudTrail.ACCOUNT, "2999-01-01T00:00:00Z"),
                posture.formatted(CloudTrail.ACCOUNT, "2026-11-01T12:00:00Z")));

        collector.collect(List.of(file));

        assertThat(publisher.posture).extracting(Posture::observedAt).hasSize(1);
        assertThat(publisher.deadLetters).extracting(DeadLetter::reason)
                .containsExactly(DeadLetterReason.INVALID_EVENT, DeadLetterReason.INVALID_EVENT);
    }

    @Test
    void aRelevantEventTooLargeForKafkaIsADeadLetterNotAFailedPublisher() throws Exception {
        // Given a publisher that refuses events as Kafka refuses records over its size bound
        RecordingPublisher deadLetters = RecordingPublisher.acknowledging();
        Publisher refusing = new Publisher() {
            @Override
            public CompletableFuture<Void> event(TrailEvent event) {
                return CompletableFuture.failedFuture(KafkaPublisher.tooLarge("events", 2_000_000));
            }

            @Override
            public CompletableFuture<Void> posture(Posture posture) {
                return deadLetters.posture(posture);
            }

            @Override
            public CompletableFuture<Void> postureGone(String accountId) {
                return deadLetters.postureGone(accountId);
            }

            @Override
            public CompletableFuture<Void> deadLetter(DeadLetter deadLetter) {
                return deadLetters.deadLetter(deadLetter);
            }

            @Override
            public void flush() {
                // nothing pending
            }

            @Override
            public void close() {
                // nothing held
            }
        };
        ObjectNode login = CloudTrail.rootLoginRecord(CloudTrail.ACCOUNT, "big");
        Path file = Files.writeString(dir.resolve("big.json"), login.toString());

        // When it is collected
        IngestStats.Snapshot stats = new FileCollector(InputLimits.defaults(), refusing, new CollectorMetrics(registry), Clock.systemUTC())
                .collect(List.of(file));

        // Then it is one oversized dead letter, and not counted as relevant
        assertThat(deadLetters.deadLetters).singleElement().extracting(DeadLetter::reason).isEqualTo(DeadLetterReason.OVERSIZED);
        assertThat(stats.relevant()).isZero();
        assertThat(KafkaPublisher.tooLarge("events", 1)).isInstanceOf(RecordTooLargeException.class);
    }
}
