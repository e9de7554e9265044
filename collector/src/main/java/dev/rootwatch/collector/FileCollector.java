package dev.rootwatch.collector;

import dev.rootwatch.common.cloudtrail.Decompression;
import dev.rootwatch.common.cloudtrail.EnvelopeReader;
import dev.rootwatch.common.cloudtrail.InputLimits;
import dev.rootwatch.common.cloudtrail.InputTooLargeException;
import dev.rootwatch.common.cloudtrail.RecordPrefilter;
import dev.rootwatch.common.model.DeadLetterReason;
import dev.rootwatch.common.model.IngestSource;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipException;

/**
 * Reads CloudTrail from local files and directories (recursively, in path order), keeps the
 * relevant events and publishes them; every input that cannot be read becomes a dead letter
 * with its reason, and reading goes on with the next.
 */
public final class FileCollector {

    private final EnvelopeReader reader;
    private final InputLimits limits;
    private final Publisher publisher;
    private final EventIntake intake;

    public FileCollector(InputLimits limits, Publisher publisher, CollectorMetrics metrics, Clock clock) {
        this(limits, publisher, metrics, clock, RelevanceFilter.PREFILTER);
    }

    /**
     * @param prefilter what lets the reader skip irrelevant records unparsed; null parses every
     *                  record (the reference, for tests and benchmarks)
     */
    public FileCollector(InputLimits limits, Publisher publisher, CollectorMetrics metrics, Clock clock, RecordPrefilter prefilter) {
        this.reader = new EnvelopeReader(limits, prefilter);
        this.limits = limits;
        this.publisher = publisher;
        this.intake = new EventIntake(publisher, metrics, clock, AccountScope.ALL, PostureRefreshRequests.NONE, true);
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
        return intake.stats();
    }

    public IngestStats.Snapshot stats() {
        return intake.stats();
    }

    /** Reads one file; never throws for what is in it. */
    public void collectFile(Path file) {
        collect(file.toString(), () -> Files.newInputStream(file));
    }

    /** Reads one input from an opener (a file, a classpath resource); never throws for what is in it. */
    public void collect(String ref, InputOpener opener) {
        intake.input(IngestSource.FILE);
        IntakeHandler handler = new IntakeHandler(intake, IngestSource.FILE, IngestSource.FILE, ref, Acks.discarding(),
                (object, location) -> intake.deadLetter(IngestSource.FILE, DeadLetterReason.UNEXPECTED_SHAPE,
                        "a notification naming s3://" + object.bucket() + "/" + object.key()
                                + "; file inputs do not fetch from S3 (use the SQS source)", null, location));
        try (InputStream raw = opener.open();
             InputStream in = Decompression.open(raw, limits.maxDecompressedBytes())) {
            reader.read(in, ref, handler);
        } catch (InputTooLargeException e) {
            handler.onDeadLetter(DeadLetterReason.OVERSIZED, e.getMessage() + "; " + handler.events() + " events before were read",
                    null, ref);
        } catch (ZipException | EOFException e) {
            handler.onDeadLetter(DeadLetterReason.UNREADABLE, "damaged or truncated gzip (" + e.getClass().getSimpleName()
                    + "); " + handler.events() + " events before the damage were read", null, ref);
        } catch (IOException e) {
            handler.onDeadLetter(DeadLetterReason.UNREADABLE, "cannot read: " + e.getClass().getSimpleName()
                    + "; " + handler.events() + " events before were read", null, ref);
        }
    }

    /** Opens an input's bytes. */
    @FunctionalInterface
    public interface InputOpener {
        InputStream open() throws IOException;
    }
}
