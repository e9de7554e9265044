package dev.rootwatch.common.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.Objects;

/**
 * {@code rootwatch.watermark/v1}: a promise, written on the events topic, that no CloudTrail event
 * of that partition with an {@code eventTime} before {@link #eventTime()} is still to come. The
 * evaluator advances the event-time clock of every account of the partition to it and concludes
 * whatever was waiting for stragglers: event-time windows, sequences, unexplained posture changes.
 *
 * <p><b>End of input.</b> At the end of a replay the producer sends {@link #endOfInput()} to
 * <em>every</em> partition of the events topic, after all input and with an explicit partition,
 * a key of its choice (null is fine) and a Kafka timestamp no smaller than any input record's, so
 * that the evaluator reads it last:
 * <pre>{@code
 * JsonSerde<Watermark> serde = new JsonSerde<>(Watermark.class);
 * for (PartitionInfo p : producer.partitionsFor(topics.events().name())) {
 *     producer.send(new ProducerRecord<>(topics.events().name(), p.partition(), lastTimestamp, null,
 *             serde.serialize(topics.events().name(), Watermark.endOfInput())));
 * }
 * }</pre>
 * A live source may send watermarks too (with the event time it has read up to); they advance
 * event time the same way.
 *
 * @param schema    always {@value #SCHEMA}
 * @param eventTime every event of the partition still to come is at or after this time
 */
public record Watermark(String schema, Instant eventTime) {

    public static final String SCHEMA = "rootwatch.watermark/v1";

    /** Later than any CloudTrail event: the time of the end-of-input watermark. */
    public static final Instant END_OF_INPUT = Instant.parse("9999-01-01T00:00:00Z");

    public Watermark {
        Objects.requireNonNull(eventTime, "eventTime");
        schema = schema == null ? SCHEMA : schema;
        if (!SCHEMA.equals(schema)) {
            throw new IllegalArgumentException("not a " + SCHEMA + " record: schema " + schema);
        }
    }

    /** A watermark at {@code eventTime}. */
    public static Watermark at(Instant eventTime) {
        return new Watermark(SCHEMA, eventTime);
    }

    /** The watermark that ends a replay's input: event time moves past every window and grace. */
    public static Watermark endOfInput() {
        return at(END_OF_INPUT);
    }

    /** True for the end-of-input watermark (not a field on the wire). */
    @JsonIgnore
    public boolean isEndOfInput() {
        return !eventTime.isBefore(END_OF_INPUT);
    }
}
