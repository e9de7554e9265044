package dev.rootwatch.evaluator;

import dev.rootwatch.common.json.JsonSerde;
import dev.rootwatch.common.kafka.Topic;
import dev.rootwatch.common.kafka.Topics;
import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.DeadLetter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The evaluator's Kafka Streams topology, built by a pure function:
 * <pre>
 *   events  (account → TrailEvent | Watermark) ─┐
 *                                               ├─ merge ─► evaluate [dedup, accounts, incidents, timers, windows…] ─► alerts
 *   posture (account → Posture)               ──┘
 *
 *   live only:  events ─► telemetry (one partition) ─► watch silence [telemetry] ─► alerts
 * </pre>
 * The events and posture topics must be co-partitioned (same partition count, keyed by account
 * id). Records of the two are processed in Kafka timestamp order, which producers stamp in input
 * order; event time for detections is the CloudTrail eventTime inside the record, per account.
 *
 * <p>{@code live} chooses the mode. Live: the wall clock also closes windows, re-notifies open
 * incidents and watches for silent telemetry (TELEMETRY_SILENT). Replay ({@code live = false}):
 * only the events' own times and watermarks move time on, so the result depends on the input
 * alone; the replay ends its input with {@link dev.rootwatch.common.model.Watermark#endOfInput()}.
 */
public final class EvaluatorTopology {

    /** Window store of {@code accountId|eventId} → Kafka timestamp, for deduplication. */
    public static final String DEDUP_STORE = "dedup";
    /** Key-value store of account id → latest posture, known root serials and event time. */
    public static final String ACCOUNT_STORE = "accounts";
    /** Key-value store of {@code accountId|type} → open state incident. */
    public static final String INCIDENT_STORE = "incidents";
    /** Key-value store of due times (windows, re-notifications) and the task's watermark. */
    public static final String TIMER_STORE = "timers";
    /** Key-value store of the watched feed → telemetry state (live mode only). */
    public static final String TELEMETRY_STORE = "telemetry";
    /** Name of the one-partition repartition topic that brings all telemetry to one task (live mode only). */
    static final String TELEMETRY_TOPIC = "telemetry";

    private static final Duration DEDUP_WINDOW = Duration.ofMillis(1);

    private EvaluatorTopology() {
    }

    /** The topology without metrics collection, on the system clock (e.g. to describe it). */
    public static Topology build(Topics topics, EvaluatorSettings settings, boolean live) {
        return build(topics, settings, new SimpleMeterRegistry(), Clock.systemUTC(), live);
    }

    /**
     * @param topics   the rootwatch topics to read and write
     * @param settings what to detect and how
     * @param registry where the evaluator's meters go
     * @param clock    wall clock for alerts' detectedAt
     * @param live     true for live mode (wall-clock windows, re-notification, TELEMETRY_SILENT);
     *                 false for replay
     */
    public static Topology build(Topics topics, EvaluatorSettings settings, MeterRegistry registry, Clock clock,
                                 boolean live) {
        return build(topics, settings, registry, clock, live, live);
    }

    /**
     * @param durable true where state must survive the loss of its disk and move between instances: every
     *                store keeps a changelog topic (live mode always; a batch run only where a test restarts it)
     * @see #build(Topics, EvaluatorSettings, MeterRegistry, Clock, boolean)
     */
    public static Topology build(Topics topics, EvaluatorSettings settings, MeterRegistry registry, Clock clock,
                                 boolean live, boolean durable) {
        return build(topics, settings, Detections.standard(settings), registry, clock, live, durable);
    }

    /** The topology running {@code detections} (the standard catalogue, or a test's); durable when live. */
    static Topology build(Topics topics, EvaluatorSettings settings, Detections detections, MeterRegistry registry, Clock clock,
                          boolean live) {
        return build(topics, settings, detections, registry, clock, live, live);
    }

    private static Topology build(Topics topics, EvaluatorSettings settings, Detections detections, MeterRegistry registry,
                                  Clock clock, boolean live, boolean durable) {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(detections, "detections");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(clock, "clock");

        StreamsBuilder builder = new StreamsBuilder();
        List<String> stores = new ArrayList<>(List.of(DEDUP_STORE, ACCOUNT_STORE, INCIDENT_STORE, TIMER_STORE));
        addStore(builder, Stores.windowStoreBuilder(
                Stores.persistentWindowStore(DEDUP_STORE, settings.dedupRetention(), DEDUP_WINDOW, false),
                Serdes.String(), Serdes.Long()), durable);
        addStore(builder, Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ACCOUNT_STORE), Serdes.String(), new JsonSerde<>(AccountState.class)), durable);
        addStore(builder, Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(INCIDENT_STORE), Serdes.String(), new JsonSerde<>(OpenIncident.class)), durable);
        addStore(builder, Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TIMER_STORE), Serdes.String(), Serdes.String()), durable);
        for (WindowedDetection<?> detection : detections.windowed()) {
            addWindowStore(builder, detection, durable);
            stores.add(detection.storeName());
        }

        KStream<String, EvaluatorInput> events = builder.stream(topics.events().name(),
                Consumed.with(Serdes.String(), Serdes.serdeFrom(EvaluatorTopology::neverWritten,
                        new EventsTopicDeserializer())).withName("events-source"));
        KStream<String, EvaluatorInput> postures = builder.stream(topics.posture().name(),
                        Consumed.with(topics.posture().keySerde(), topics.posture().valueSerde()).withName("posture-source"))
                .mapValues((accountId, posture) -> posture != null ? new EvaluatorInput.PostureInput(posture)
                                : accountId == null ? null : new EvaluatorInput.PostureGone(accountId),
                        Named.as("posture-as-input"));

        AlertFactory alerts = new AlertFactory(settings, clock);
        EvaluatorMetrics metrics = new EvaluatorMetrics(registry);
        metrics.inputTopics(topics.events().name(), topics.posture().name());
        PostureGauges postureGauges = new PostureGauges(registry);

        KStream<String, EvaluatorOutput> evaluated = events.merge(postures, Named.as("merge-inputs"))
                .process(() -> new EvaluatorProcessor(settings, detections, alerts, metrics, postureGauges, clock, live),
                        Named.as("evaluate"),
                        stores.toArray(String[]::new));
        write(evaluated, "", topics);

        if (live && settings.enabled(AlertType.TELEMETRY_SILENT)) {
            watchTelemetry(builder, events, settings, alerts, metrics, clock, topics);
        }
        return builder.build();
    }

    /** Alerts to the alerts topic, dead letters (inputs the processor could not evaluate) to the dead-letter topic. */
    private static void write(KStream<String, EvaluatorOutput> outputs, String prefix, Topics topics) {
        Topic<String, Alert> alertTopic = topics.alerts();
        Topic<String, DeadLetter> deadLetterTopic = topics.deadLetter();
        outputs.flatMapValues(EvaluatorOutput::alerts, Named.as(prefix + "alerts"))
                .to(alertTopic.name(), Produced.with(alertTopic.keySerde(), alertTopic.valueSerde()).withName(prefix + "alerts-sink"));
        outputs.flatMapValues(EvaluatorOutput::deadLetters, Named.as(prefix + "dead-letters"))
                .to(deadLetterTopic.name(), Produced.with(deadLetterTopic.keySerde(), deadLetterTopic.valueSerde())
                        .withName(prefix + "dead-letters-sink"));
    }

    /** The events topic is only read here; its writers use the TrailEvent and Watermark serdes. */
    private static byte[] neverWritten(String topic, EvaluatorInput input) {
        throw new UnsupportedOperationException("the evaluator never writes " + topic);
    }

    private static <S> void addWindowStore(StreamsBuilder builder, WindowedDetection<S> detection, boolean durable) {
        addStore(builder, Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(detection.storeName()),
                Serdes.String(), new JsonSerde<>(detection.stateType())), durable);
    }

    /**
     * Durable (live) state is backed by a changelog topic, so that it survives the loss of its disk and
     * moves with its partition to another instance. A batch run's state lives exactly as long as the run
     * (a replay is run again, never resumed): it keeps no changelog.
     */
    private static void addStore(StreamsBuilder builder, StoreBuilder<?> store, boolean durable) {
        builder.addStateStore(durable ? store : store.withLoggingDisabled());
    }

    /** Brings every event and watermark, keyed by the feed it belongs to, to one task that watches for silence. */
    private static void watchTelemetry(StreamsBuilder builder, KStream<String, EvaluatorInput> events,
                                       EvaluatorSettings settings, AlertFactory alerts, EvaluatorMetrics metrics, Clock clock,
                                       Topics topics) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TELEMETRY_STORE),
                Serdes.String(), new JsonSerde<>(TelemetryState.class)));
        Set<String> accounts = Set.copyOf(settings.parameters().silentAccounts());
        KStream<String, EvaluatorOutput> watched = events.flatMap((key, input) -> beat(input, accounts), Named.as("telemetry-beats"))
                .repartition(Repartitioned.with(Serdes.String(), new JsonSerde<>(TelemetryBeat.class))
                        .withName(TELEMETRY_TOPIC).withNumberOfPartitions(1))
                .process(() -> new TelemetryProcessor(settings, alerts, metrics, clock), Named.as("watch-telemetry"),
                        TELEMETRY_STORE);
        write(watched, "telemetry-", topics);
    }

    /**
     * The beat an input gives the telemetry watcher: keyed by the whole feed, or by its account where
     * accounts are watched. An input the evaluator refuses gives none (the evaluating processor dead-letters it).
     */
    private static List<KeyValue<String, TelemetryBeat>> beat(EvaluatorInput input, Set<String> accounts) {
        if (input == null || InputCheck.problem(input) != null) {
            return List.of();
        }
        if (input instanceof EvaluatorInput.EventInput event) {
            String accountId = event.event().accountId();
            TelemetryBeat beat = new TelemetryBeat(accountId, event.event().eventTime());
            if (accounts.isEmpty()) {
                return List.of(KeyValue.pair(TelemetrySilentDetection.ALL_ACCOUNTS, beat));
            }
            return accounts.contains(accountId) ? List.of(KeyValue.pair(accountId, beat)) : List.of();
        }
        if (input instanceof EvaluatorInput.WatermarkInput watermark && accounts.isEmpty()) {
            return List.of(KeyValue.pair(TelemetrySilentDetection.ALL_ACCOUNTS,
                    new TelemetryBeat(null, watermark.watermark().eventTime())));
        }
        return List.of();
    }
}
