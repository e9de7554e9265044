package dev.rootwatch.collector;

import dev.rootwatch.common.cloudtrail.Decompression;
import dev.rootwatch.common.cloudtrail.EnvelopeReader;
import dev.rootwatch.common.cloudtrail.InputLimits;
import dev.rootwatch.common.cloudtrail.InputTooLargeException;
import dev.rootwatch.common.cloudtrail.RecordPrefilter;
import dev.rootwatch.common.cloudtrail.SkipReason;
import dev.rootwatch.common.model.DeadLetterReason;
import dev.rootwatch.common.model.IngestSource;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.zip.ZipException;

/**
 * Reads CloudTrail from local files and directories (recursively, in path order), keeps the
 * relevant events and publishes them as they are found; every input that cannot be read becomes
 * a dead letter with its reason, a path that is no regular file is skipped unopened and counted
 * ({@link InputFiles}), and reading goes on with the next.
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
        this(limits, publisher, metrics, clock, prefilter, true);
    }

    /**
     * @param countDuplicates remember recent relevant accounts and eventIDs, to count a repeat as a duplicate in
     *                        {@link #stats()} and not publish it again
     */
    public FileCollector(InputLimits limits, Publisher publisher, CollectorMetrics metrics, Clock clock, RecordPrefilter prefilter,
                         boolean countDuplicates) {
        this.reader = new EnvelopeReader(limits, prefilter);
        this.limits = limits;
        this.publisher = publisher;
        this.intake = new EventIntake(publisher, metrics, clock, AccountScope.ALL, PostureRefreshRequests.NONE, countDuplicates);
    }

    /** The regular files {@code inputs} name: files as given, directories walked recursively in path order; hidden files left out. */
    public static List<Path> expand(List<Path> inputs) throws IOException {
        return InputFiles.regularFiles(inputs);
    }

    /** Reads every file of {@code inputs}, in order, then waits until Kafka acknowledged all of it. */
    public IngestStats.Snapshot collect(List<Path> inputs) throws IOException {
        for (InputFiles.Entry entry : InputFiles.scan(inputs)) {
            collect(entry);
        }
        publisher.flush();
        return intake.stats();
    }

    /** One path of the inputs: read, skipped unopened, or reported unreadable; never throws. */
    public void collect(InputFiles.Entry entry) {
        String ref = entry.path().toString();
        if (entry instanceof InputFiles.Readable readable) {
            collectFile(readable.path());
        } else if (entry instanceof InputFiles.NotAFile notAFile) {
            intake.skipped(SkipReason.NOT_A_FILE, ref);
        } else if (entry instanceof InputFiles.Unreadable unreadable) {
            intake.deadLetter(IngestSource.FILE, DeadLetterReason.UNREADABLE, unreadable.detail(), null, ref);
        }
    }

    public IngestStats.Snapshot stats() {
        return intake.stats();
    }

    /** Reads one file; never throws for what is in it. A path that is not (or no longer) a regular file is skipped unopened. */
    public void collectFile(Path file) {
        if (!InputFiles.isRegularFile(file)) {
            intake.skipped(SkipReason.NOT_A_FILE, file.toString());
            return;
        }
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
             InputStream in = Decompression.open(raw, limits)) {
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
        } catch (RuntimeException e) {
            // a fault of rootwatch's own on this content: it costs this input, not the inputs after it
            handler.onDeadLetter(DeadLetterReason.PROCESSING_FAILED, "reading failed: " + e.getClass().getSimpleName()
                    + "; " + handler.events() + " events before were read", null, ref);
        }
        handler.finish();
    }

    /** Opens an input's bytes. */
    @FunctionalInterface
    public interface InputOpener {
        InputStream open() throws IOException;
    }
}
