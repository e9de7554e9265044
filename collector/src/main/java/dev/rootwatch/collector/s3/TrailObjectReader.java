package dev.rootwatch.collector.s3;

import dev.rootwatch.collector.AccountScope;
import dev.rootwatch.collector.Acks;
import dev.rootwatch.collector.CollectorMetrics;
import dev.rootwatch.collector.EventIntake;
import dev.rootwatch.collector.IntakeHandler;
import dev.rootwatch.collector.RelevanceFilter;
import dev.rootwatch.common.cloudtrail.Decompression;
import dev.rootwatch.common.cloudtrail.EnvelopeReader;
import dev.rootwatch.common.cloudtrail.InputLimits;
import dev.rootwatch.common.cloudtrail.InputTooLargeException;
import dev.rootwatch.common.cloudtrail.S3ObjectRef;
import dev.rootwatch.common.cloudtrail.SkipReason;
import dev.rootwatch.common.model.DeadLetterReason;
import dev.rootwatch.common.model.IngestSource;
import dev.rootwatch.common.text.LogSafe;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Reads one CloudTrail log file named by a notification: decides by its key whether to fetch it
 * at all (digests, Insights, other services' logs and unwatched accounts are skipped), streams
 * it from S3, gunzips it within the size bound and hands its records to the intake. What is
 * wrong with the content becomes a dead letter; what may pass (S3 and network errors) is thrown,
 * for the message to be delivered again.
 */
public final class TrailObjectReader {

    private static final Logger LOGGER = LoggerFactory.getLogger(TrailObjectReader.class);

    private final S3Client s3;
    private final InputLimits limits;
    private final EnvelopeReader reader;
    private final EventIntake intake;
    private final AccountScope scope;
    private final CollectorMetrics metrics;

    public TrailObjectReader(S3Client s3, InputLimits limits, EventIntake intake, AccountScope scope, CollectorMetrics metrics) {
        this.s3 = s3;
        this.limits = limits;
        this.reader = new EnvelopeReader(limits, RelevanceFilter.PREFILTER);
        this.intake = intake;
        this.scope = scope;
        this.metrics = metrics;
    }

    /**
     * Reads {@code object}; every record sent for it is added to {@code acks}.
     *
     * @throws ObjectReadException when it could not be fetched or read to its end for a reason that may pass
     */
    public void read(S3ObjectRef object, Acks acks) throws ObjectReadException {
        String location = "s3://" + object.bucket() + "/" + object.key();
        if (!wanted(object, location)) {
            return;
        }
        intake.input(IngestSource.S3);
        IntakeHandler handler = new IntakeHandler(intake, IngestSource.S3, IngestSource.S3, location, acks,
                (named, where) -> acks.add(intake.deadLetter(IngestSource.S3, DeadLetterReason.UNEXPECTED_SHAPE,
                        "a log file that names another object (s3://" + named.bucket() + "/" + named.key() + ")", null, where)));
        GetObjectRequest request = GetObjectRequest.builder().bucket(object.bucket()).key(object.key()).build();
        CountingInputStream counted = null;
        try (ResponseInputStream<GetObjectResponse> body = s3.getObject(request)) {
            counted = new CountingInputStream(body);
            try (InputStream content = Decompression.open(counted, limits)) {
                reader.read(content, location, handler);
            } catch (IOException | RuntimeException e) {
                body.abort();
                throw e;
            }
        } catch (InputTooLargeException e) {
            acks.add(intake.deadLetter(IngestSource.S3, DeadLetterReason.OVERSIZED,
                    e.getMessage() + "; " + handler.events() + " events before were read", null, location));
        } catch (ZipException | EOFException e) {
            acks.add(intake.deadLetter(IngestSource.S3, DeadLetterReason.UNREADABLE, "damaged or truncated gzip ("
                    + e.getClass().getSimpleName() + "); " + handler.events() + " events before the damage were read", null, location));
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
                    ? "HTTP" + e.statusCode() : e.awsErrorDetails().errorCode();
            metrics.objectFailed(code);
            throw new ObjectReadException(DeadLetterReason.UNREADABLE, "S3 GetObject " + location + " failed: " + code
                    + " (HTTP " + e.statusCode() + ")", e);
        } catch (SdkException e) {
            metrics.objectFailed("client");
            throw new ObjectReadException(DeadLetterReason.UNREADABLE, "S3 GetObject " + location + " failed: "
                    + e.getClass().getSimpleName() + ": " + LogSafe.escape(e.getMessage(), 200), e);
        } catch (IOException e) {
            metrics.objectFailed("io");
            throw new ObjectReadException(DeadLetterReason.UNREADABLE, "reading " + location + " broke off after "
                    + handler.events() + " events: " + e.getClass().getSimpleName(), e);
        } catch (RuntimeException e) {
            // a fault of rootwatch's own on this content: reading it again cannot help, so it costs this object only
            acks.add(intake.deadLetter(IngestSource.S3, DeadLetterReason.PROCESSING_FAILED, "reading failed: "
                    + e.getClass().getSimpleName() + "; " + handler.events() + " events before were read", null, location));
        } finally {
            if (counted != null) {
                metrics.objectFetched(counted.count());
            }
            handler.finish();
        }
    }

    private boolean wanted(S3ObjectRef object, String location) {
        TrailKey key = TrailKey.parse(object.key());
        switch (key.kind()) {
            case DIGEST -> {
                metrics.objectSkipped("digest");
                intake.skipped(SkipReason.DIGEST, location);
                return false;
            }
            case INSIGHT -> {
                metrics.objectSkipped("insight");
                LOGGER.debug("skipped Insights object location={}", LogSafe.escape(location));
                return false;
            }
            case OTHER_SERVICE -> {
                metrics.objectSkipped("not_cloudtrail");
                LOGGER.debug("skipped object of another service location={}", LogSafe.escape(location));
                return false;
            }
            default -> {
                if (!scope.admits(key.accountId())) {
                    metrics.outOfScope("key");
                    return false;
                }
                return true;
            }
        }
    }
}
