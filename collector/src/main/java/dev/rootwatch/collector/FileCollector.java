package dev.rootwatch.collector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rootwatch.common.cloudtrail.Decompression;
import dev.rootwatch.common.cloudtrail.EnvelopeHandler;
import dev.rootwatch.common.cloudtrail.EnvelopeReader;
import dev.rootwatch.common.cloudtrail.EventNormalizer;
import dev.rootwatch.common.cloudtrail.InputLimits;
import dev.rootwatch.common.cloudtrail.InputTooLargeException;
import dev.rootwatch.common.cloudtrail.InvalidEventException;
import dev.rootwatch.common.cloudtrail.S3ObjectRef;
import dev.rootwatch.common.cloudtrail.SkipReason;
import dev.rootwatch.common.model.DeadLetter;
import dev.rootwatch.common.model.DeadLetterReason;
import dev.rootwatch.common.model.Ingest;
import dev.rootwatch.common.model.IngestSource;
import dev.rootwatch.common.model.Posture;
import dev.rootwatch.common.model.TrailEvent;
import dev.rootwatch.common.text.LogSafe;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads CloudTrail from local files and directories (recursively, in path order), keeps the
 * relevant events and publishes them; every input that cannot be read becomes a dead letter
 * with its reason, and reading goes on with the next.
 */
public final class FileCollector {

    private static final Logger LOGGER = LoggerFactory.getLogger(FileCollector.class);
    private static final String STAGE = "collector";

    private final EnvelopeReader reader;
    private final InputLimits limits;
    private final Publisher publisher;
    private final CollectorMetrics metrics;
    private final Clock clock;
    private final IngestStats stats = new IngestStats();
    private final Set<String> seen = new HashSet<>();

    public FileCollector(InputLimits limits, Publisher publisher, CollectorMetrics metrics, Clock clock) {
        this.reader = new EnvelopeReader(limits);
        this.limits = limits;
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The files {@code inputs} name: files as given, directories walked recursively in path order; hidden files left out. */
    public static List<Path> expand(List<Path> inputs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                try (Stream<Path> walk = Files.walk(input)) {
                    walk.filter(Files::isRegularFile)
                            .filter(p -> !input.relativize(p).toString().startsWith(".") && !p.getFileName().toString().startsWith("."))
                            .sorted(Comparator.comparing(Path::toString))
                            .forEach(files::add);
                }
            } else if (Files.exists(input)) {
                files.add(input);
            } else {
                throw new IOException("no such file or directory: " + input);
            }
        }
        return files;
    }

    /** Reads every file of {@code inputs}, in order, then waits until Kafka acknowledged all of it. */
    public IngestStats.Snapshot collect(List<Path> inputs) throws IOException {
        for (Path file : expand(inputs)) {
            collectFile(file);
        }
        publisher.flush();
        return stats.snapshot();
    }

    public IngestStats.Snapshot stats() {
        return stats.snapshot();
    }

    /** Reads one file; never throws for what is in it. */
    public void collectFile(Path file) {
        collect(file.toString(), () -> Files.newInputStream(file));
    }

    /** Reads one input from an opener (a file, a classpath resource); never throws for what is in it. */
    public void collect(String ref, InputOpener opener) {
        stats.file();
        metrics.file(IngestSource.FILE);
        FileHandler handler = new FileHandler(ref);
        try (InputStream raw = opener.open();
             InputStream in = Decompression.open(raw, limits.maxDecompressedBytes())) {
            reader.read(in, ref, handler);
        } catch (InputTooLargeException e) {
            handler.onDeadLetter(DeadLetterReason.OVERSIZED, e.getMessage() + "; " + handler.events + " events before were read",
                    null, ref);
        } catch (ZipException | EOFException e) {
            handler.onDeadLetter(DeadLetterReason.UNREADABLE, "damaged or truncated gzip (" + e.getClass().getSimpleName()
                    + "); " + handler.events + " events before the damage were read", null, ref);
        } catch (IOException e) {
            handler.onDeadLetter(DeadLetterReason.UNREADABLE, "cannot read: " + e.getClass().getSimpleName()
                    + "; " + handler.events + " events before were read", null, ref);
        }
    }

    /** Opens an input's bytes. */
    @FunctionalInterface
    public interface InputOpener {
        InputStream open() throws IOException;
    }

    private final class FileHandler implements EnvelopeHandler {
        private final String ref;
        private long events;

        FileHandler(String ref) {
            this.ref = ref;
        }

        @Override
        public void onEvent(JsonNode event, String envelopeAccount, String location) {
            events++;
            stats.record();
            metrics.record(IngestSource.FILE);
            if (!RelevanceFilter.isRelevant(event)) {
                return;
            }
            TrailEvent normalized;
            try {
                normalized = EventNormalizer.normalize(event, envelopeAccount, new Ingest(IngestSource.FILE, clock.instant(), ref));
            } catch (InvalidEventException e) {
                onDeadLetter(DeadLetterReason.INVALID_EVENT, e.getMessage(), event.toString(), location);
                return;
            }
            stats.relevant();
            metrics.relevant(IngestSource.FILE);
            if (!seen.add(normalized.accountId() + "|" + normalized.eventId())) {
                stats.duplicate();
            }
            publisher.event(normalized);
        }

        @Override
        public void onPosture(Posture posture, String location) {
            stats.posture();
            metrics.posture();
            publisher.posture(posture);
        }

        @Override
        public void onObjectReference(S3ObjectRef object, String location) {
            onDeadLetter(DeadLetterReason.UNEXPECTED_SHAPE, "a notification naming s3://" + object.bucket() + "/" + object.key()
                    + "; file inputs do not fetch from S3 (use the SQS source)", null, location);
        }

        @Override
        public void onSkipped(SkipReason reason, String location) {
            stats.skipped();
            metrics.skipped(reason);
            LOGGER.debug("skipped input reason={} location={}", reason.label(), location);
        }

        @Override
        public void onDeadLetter(DeadLetterReason reason, String detail, String excerpt, String location) {
            stats.deadLettered();
            metrics.deadLetter(reason);
            LOGGER.warn("dead letter reason={} location={} detail={}", reason.label(), LogSafe.escape(location), LogSafe.escape(detail));
            publisher.deadLetter(DeadLetter.of(STAGE, IngestSource.FILE.wireName(), location, reason, detail, excerpt,
                    clock.instant()));
        }
    }
}
