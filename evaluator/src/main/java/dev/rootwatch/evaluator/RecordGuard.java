package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.DeadLetter;
import dev.rootwatch.common.model.DeadLetterReason;
import dev.rootwatch.common.text.LogSafe;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one record from stopping the evaluator. What cannot be evaluated goes to the dead-letter
 * topic as a {@code rootwatch.deadletter/v1} (ref {@code topic/partition/offset}), in the same
 * exactly-once transaction as the record's offset, is counted and logged once, and the evaluator
 * goes on with the next record: an input refused before it touched any state
 * ({@link #refuse}, reason invalid_event), or a step that threw on it ({@link #run}, reason
 * processing_failed). So the same record read again after a restart is dead-lettered again, never a
 * crash loop. Kafka Streams' own exceptions ({@link StreamsException}: a failing store, a migrated
 * task) are not the record's doing and still end the task, as they must.
 */
final class RecordGuard {

    private static final Logger LOGGER = LoggerFactory.getLogger(RecordGuard.class);
    private static final String PUNCTUATION = "punctuation";

    private final ProcessorContext<String, EvaluatorOutput> context;
    private final EvaluatorMetrics metrics;
    private final Clock clock;

    RecordGuard(ProcessorContext<String, EvaluatorOutput> context, EvaluatorMetrics metrics, Clock clock) {
        this.context = Objects.requireNonNull(context, "context");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Runs {@code step} for the record being processed (or, in a punctuation, for what {@code part}
     * names); when it throws, dead-letters that instead.
     *
     * @param part    what of the record the step is about, appended to its ref ("" for the whole record)
     * @param excerpt the content for the dead letter, computed only when it is needed
     * @return true when the step completed
     */
    boolean run(String part, Supplier<String> excerpt, Runnable step) {
        try {
            step.run();
            return true;
        } catch (StreamsException e) {
            throw e;
        } catch (RuntimeException e) {
            String detail = "evaluating it failed: " + DeadLetterDeserializationHandler.describe(e) + where(e)
                    + "; the evaluator went on with the next record";
            send(DeadLetterReason.PROCESSING_FAILED, detail, excerpt, part);
            LOGGER.debug("dead-lettered record stack trace", e);
            return false;
        }
    }

    /** Dead-letters the record being processed without evaluating it. */
    void refuse(DeadLetterReason reason, String detail, Supplier<String> excerpt) {
        send(reason, detail, excerpt, "");
    }

    private void send(DeadLetterReason reason, String detail, Supplier<String> excerpt, String part) {
        String topic = context.recordMetadata().map(m -> m.topic()).orElse(PUNCTUATION);
        String ref = context.recordMetadata().map(m -> m.topic() + "/" + m.partition() + "/" + m.offset())
                .orElse(PUNCTUATION + "/" + context.taskId()) + part;
        DeadLetter letter = DeadLetter.of(DeadLetterDeserializationHandler.STAGE, topic, ref, reason, detail, safely(excerpt),
                clock.instant());
        context.forward(new Record<>(ref, new EvaluatorOutput.DeadLetterOutput(letter), clock.millis()));
        metrics.deadLetter(topic, reason);
        LOGGER.warn("input dead-lettered reason={} ref={} detail={}", reason.label(), LogSafe.escape(ref), LogSafe.escape(detail));
    }

    /** Where it was thrown: the first frame (rootwatch's code or the JDK's, never input). */
    private static String where(Throwable e) {
        StackTraceElement[] frames = e.getStackTrace();
        if (frames.length == 0) {
            return "";
        }
        String type = frames[0].getClassName();
        return " at " + type.substring(type.lastIndexOf('.') + 1) + "." + frames[0].getMethodName();
    }

    private static String safely(Supplier<String> excerpt) {
        try {
            return excerpt.get();
        } catch (RuntimeException e) {
            return null; // the dead letter matters more than its excerpt
        }
    }
}
