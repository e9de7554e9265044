package dev.rootwatch.evaluator;

import dev.rootwatch.common.json.JsonSerde;
import dev.rootwatch.common.model.DeadLetter;
import dev.rootwatch.common.model.DeadLetterReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the evaluator running past a record it cannot read, without losing it: the record goes to
 * the dead-letter topic as a {@code rootwatch.deadletter/v1} (reason UNDESERIALIZABLE, ref
 * {@code topic/partition/offset}, the start of the content as excerpt), in the same exactly-once
 * transaction as the input's offset. One WARN line without payload, and a counter.
 *
 * <p>Kafka Streams creates it from its class name; {@link #configure} takes the dead-letter topic
 * from {@value #DEAD_LETTER_TOPIC_CONFIG} and the meter registry from {@value #METER_REGISTRY_CONFIG}.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    /** Config key: name of the dead-letter topic (required). */
    public static final String DEAD_LETTER_TOPIC_CONFIG = "rootwatch.evaluator.deadLetterTopic";
    /** Config key: the {@link MeterRegistry} instance to count into (optional). */
    public static final String METER_REGISTRY_CONFIG = "rootwatch.evaluator.meterRegistry";
    /** Counter of dead-lettered input records, tagged with topic and reason. */
    public static final String DEAD_LETTERS = "rootwatch.evaluator.deadletters";
    static final String DEAD_LETTERS_DESCRIPTION = "Input records the evaluator could not read or evaluate, sent to the"
            + " dead-letter topic";

    static final String STAGE = "evaluator";

    private static final Logger LOGGER = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

    private final JsonSerde<DeadLetter> serde = new JsonSerde<>(DeadLetter.class);
    private final Clock clock;
    private String deadLetterTopic;
    private MeterRegistry registry = new SimpleMeterRegistry();

    public DeadLetterDeserializationHandler() {
        this(Clock.systemUTC());
    }

    DeadLetterDeserializationHandler(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object topic = configs.get(DEAD_LETTER_TOPIC_CONFIG);
        if (!(topic instanceof String name) || name.isBlank()) {
            throw new ConfigException(DEAD_LETTER_TOPIC_CONFIG, topic, "the dead-letter topic name is required");
        }
        this.deadLetterTopic = name;
        Object meters = configs.get(METER_REGISTRY_CONFIG);
        if (meters instanceof MeterRegistry given) {
            this.registry = given;
        } else if (meters != null) {
            throw new ConfigException(METER_REGISTRY_CONFIG, meters.getClass().getName(), "not a MeterRegistry");
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        String ref = record.topic() + "/" + record.partition() + "/" + record.offset();
        String detail = "a record on " + record.topic() + " could not be read as rootwatch JSON: " + describe(exception);
        DeadLetter letter = DeadLetter.of(STAGE, record.topic(), ref, DeadLetterReason.UNDESERIALIZABLE, detail,
                excerpt(record.value()), clock.instant());
        Counter.builder(DEAD_LETTERS)
                .description(DEAD_LETTERS_DESCRIPTION)
                .tag("topic", record.topic())
                .tag("reason", DeadLetterReason.UNDESERIALIZABLE.label())
                .register(registry)
                .increment();
        LOGGER.warn("input dead-lettered reason={} topic={} partition={} offset={} error={}",
                DeadLetterReason.UNDESERIALIZABLE.label(), record.topic(), record.partition(), record.offset(),
                describe(exception));
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(deadLetterTopic, null,
                ref.getBytes(StandardCharsets.UTF_8), serde.serialize(deadLetterTopic, letter));
        return Response.resume(List.of(out));
    }

    /** Exception class names down the cause chain: messages may quote the (untrusted) input. */
    static String describe(Throwable exception) {
        StringBuilder sb = new StringBuilder();
        int depth = 0;
        for (Throwable t = exception; t != null && depth < 5; t = t.getCause(), depth++) {
            if (depth > 0) {
                sb.append(" caused by ");
            }
            sb.append(t.getClass().getSimpleName());
        }
        return sb.toString();
    }

    /** The start of the content as text; bytes that are not UTF-8 are replaced, null stays null. */
    static String excerpt(byte[] value) {
        if (value == null) {
            return null;
        }
        int length = Math.min(value.length, DeadLetter.MAX_EXCERPT * 4);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(value, 0, length))
                    .toString();
        } catch (CharacterCodingException e) {
            // unreachable with REPLACE; keep the dead letter without an excerpt rather than lose it
            return null;
        }
    }
}
