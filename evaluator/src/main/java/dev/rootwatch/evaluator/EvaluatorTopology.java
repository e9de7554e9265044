package dev.rootwatch.evaluator;

import dev.rootwatch.common.json.JsonSerde;
import dev.rootwatch.common.kafka.Topic;
import dev.rootwatch.common.kafka.Topics;
import dev.rootwatch.common.model.Alert;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The evaluator's Kafka Streams topology, built by a pure function:
 * <pre>
 *   events  (account → TrailEvent) ─┐
 *                                   ├─ merge ─► evaluate [dedup, accounts, incidents] ─► alerts (account → Alert)
 *   posture (account → Posture)   ──┘
 * </pre>
 * The events and posture topics must be co-partitioned (same partition count, keyed by account
 * id). Records of the two are processed in Kafka timestamp order, which producers stamp in input
 * order; event time for detections is the CloudTrail eventTime inside the record.
 */
public final class EvaluatorTopology {

    /** Window store of {@code accountId|eventId} → Kafka timestamp, for deduplication. */
    public static final String DEDUP_STORE = "dedup";
    /** Key-value store of account id → latest posture and known root serials. */
    public static final String ACCOUNT_STORE = "accounts";
    /** Key-value store of {@code accountId|type} → open state incident. */
    public static final String INCIDENT_STORE = "incidents";

    private static final Duration DEDUP_WINDOW = Duration.ofMillis(1);

    private EvaluatorTopology() {
    }

    /** The topology without metrics collection, on the system clock (e.g. to describe it). */
    public static Topology build(Topics topics, EvaluatorSettings settings) {
        return build(topics, settings, new SimpleMeterRegistry(), Clock.systemUTC());
    }

    /**
     * @param topics   the rootwatch topics to read and write
     * @param settings what to detect and how
     * @param registry where the evaluator's meters go
     * @param clock    wall clock for alerts' detectedAt
     */
    public static Topology build(Topics topics, EvaluatorSettings settings, MeterRegistry registry, Clock clock) {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(clock, "clock");

        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(DEDUP_STORE, settings.dedupRetention(), DEDUP_WINDOW, false),
                Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ACCOUNT_STORE), Serdes.String(), new JsonSerde<>(AccountState.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(INCIDENT_STORE), Serdes.String(), new JsonSerde<>(OpenIncident.class)));

        KStream<String, EvaluatorInput> events = source(builder, topics.events(), "events")
                .mapValues(event -> event == null ? null : new EvaluatorInput.EventInput(event),
                        Named.as("events-as-input"));
        KStream<String, EvaluatorInput> postures = source(builder, topics.posture(), "posture")
                .mapValues(posture -> posture == null ? null : new EvaluatorInput.PostureInput(posture),
                        Named.as("posture-as-input"));

        Detections detections = Detections.standard();
        AlertFactory alerts = new AlertFactory(settings, clock);
        EvaluatorMetrics metrics = new EvaluatorMetrics(registry);
        Topic<String, Alert> alertTopic = topics.alerts();

        events.merge(postures, Named.as("merge-inputs"))
                .process(() -> new EvaluatorProcessor(settings, detections, alerts, metrics), Named.as("evaluate"),
                        DEDUP_STORE, ACCOUNT_STORE, INCIDENT_STORE)
                .to(alertTopic.name(), Produced.with(alertTopic.keySerde(), alertTopic.valueSerde())
                        .withName("alerts-sink"));
        return builder.build();
    }

    private static <V> KStream<String, V> source(StreamsBuilder builder, Topic<String, V> topic, String name) {
        return builder.stream(topic.name(), Consumed.with(topic.keySerde(), topic.valueSerde())
                .withName(name + "-source"));
    }
}
