package dev.rootwatch.collector.sqs;

import dev.rootwatch.collector.Acks;
import dev.rootwatch.collector.CollectorMetrics;
import dev.rootwatch.collector.EventIntake;
import dev.rootwatch.collector.IntakeHandler;
import dev.rootwatch.collector.RelevanceFilter;
import dev.rootwatch.collector.s3.ObjectReadException;
import dev.rootwatch.collector.s3.TrailObjectReader;
import dev.rootwatch.common.cloudtrail.EnvelopeReader;
import dev.rootwatch.common.cloudtrail.InputLimits;
import dev.rootwatch.common.cloudtrail.S3ObjectRef;
import dev.rootwatch.common.model.DeadLetterReason;
import dev.rootwatch.common.model.IngestSource;
import dev.rootwatch.common.text.LogSafe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Processes one SQS message: reads its body (EventBridge event, S3 notification direct or through
 * SNS, CloudTrail's SNS notification, S3 test event, SNS subscription message), fetches every log
 * file it names, and waits until Kafka acknowledged everything it produced. Only then may the
 * message be deleted; a failure leaves it to be delivered again, and a message that fails after
 * more than {@code maxReceives} receives is dead-lettered with its reason instead.
 */
public final class MessageProcessor {

    private static final Logger LOGGER = LoggerFactory.getLogger(MessageProcessor.class);

    private final EnvelopeReader reader;
    private final EventIntake intake;
    private final TrailObjectReader objects;
    private final int maxReceives;
    private final Duration ackTimeout;
    private final CollectorMetrics metrics;

    public MessageProcessor(InputLimits limits, EventIntake intake, TrailObjectReader objects, int maxReceives, Duration ackTimeout,
                            CollectorMetrics metrics) {
        this.reader = new EnvelopeReader(limits, RelevanceFilter.PREFILTER);
        this.intake = intake;
        this.objects = objects;
        this.maxReceives = maxReceives;
        this.ackTimeout = ackTimeout;
        this.metrics = metrics;
    }

    /** What is to become of a processed message. */
    public enum Outcome {
        /** Everything it produced is acknowledged: delete it. */
        DONE,
        /** It kept failing; its dead letter is acknowledged: delete it. */
        DEAD_LETTERED,
        /** Not everything reached Kafka: leave it to be delivered again. */
        RETRY
    }

    public Outcome process(QueueRef queue, Message message) throws InterruptedException {
        String location = "sqs://" + queue.name() + "/" + message.messageId();
        intake.input(IngestSource.SQS);
        Acks acks = Acks.collecting();
        List<S3ObjectRef> named = new ArrayList<>();
        IntakeHandler handler = new IntakeHandler(intake, IngestSource.SQS, IngestSource.EVENTBRIDGE, message.messageId(), acks,
                (object, where) -> named.add(object));
        try {
            reader.readString(message.body() == null ? "" : message.body(), location, null, handler);
        } catch (RuntimeException e) {
            // a fault of rootwatch's own on this body: reading it again cannot help, so it costs this message only
            handler.onDeadLetter(DeadLetterReason.PROCESSING_FAILED, "reading the message failed: " + e.getClass().getSimpleName(),
                    message.body(), location);
        }
        handler.finish();

        Failure failure = null;
        for (S3ObjectRef object : named) {
            try {
                objects.read(object, acks);
            } catch (ObjectReadException e) {
                // go on with the other files: their events reach the evaluator now rather than at redelivery
                LOGGER.warn("log file not read, message left for redelivery location={} error={}", LogSafe.escape(location),
                        LogSafe.escape(e.getMessage()));
                failure = failure == null ? new Failure(e.reason(), e.getMessage()) : failure;
            }
        }
        try {
            acks.await(ackTimeout);
        } catch (Acks.NotAcknowledgedException e) {
            LOGGER.warn("not acknowledged by Kafka, message left for redelivery location={} error={}", LogSafe.escape(location),
                    LogSafe.escape(e.getMessage()));
            failure = failure == null ? new Failure(e.reason(), e.getMessage()) : failure;
        }
        if (failure == null) {
            return Outcome.DONE;
        }
        int receives = receiveCount(message);
        if (receives <= maxReceives) {
            return Outcome.RETRY;
        }
        return deadLetter(queue, message, location, receives, failure);
    }

    private Outcome deadLetter(QueueRef queue, Message message, String location, int receives, Failure failure)
            throws InterruptedException {
        Acks dead = Acks.collecting();
        dead.add(intake.deadLetter(IngestSource.SQS, failure.reason(), failure.detail() + "; the message was received "
                + receives + " times (collector.sqs.maxReceives " + maxReceives + ") and is deleted", message.body(), location));
        try {
            dead.await(ackTimeout);
        } catch (Acks.NotAcknowledgedException e) {
            LOGGER.warn("dead letter not acknowledged, message left for redelivery location={} error={}", LogSafe.escape(location),
                    LogSafe.escape(e.getMessage()));
            return Outcome.RETRY;
        }
        metrics.sqsDeadLettered(queue.name(), failure.reason());
        return Outcome.DEAD_LETTERED;
    }

    static int receiveCount(Message message) {
        String count = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        if (count == null) {
            return 1;
        }
        try {
            return Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private record Failure(DeadLetterReason reason, String detail) {
    }
}
