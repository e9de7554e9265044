package dev.rootwatch.evaluator;

import dev.rootwatch.common.json.JsonSerde;
import dev.rootwatch.common.kafka.Topics;
import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.DeadLetter;
import dev.rootwatch.common.model.Posture;
import dev.rootwatch.common.model.TrailEvent;
import dev.rootwatch.common.model.Watermark;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The evaluator topology under {@link TopologyTestDriver}, with the service's dead-letter handler.
 * Every record piped gets a Kafka timestamp one second after the previous one, across both input
 * topics, as a producer stamping in input order would. Replay mode unless built live; the test
 * driver's wall clock starts at {@link #WALL_CLOCK} and moves only by {@link #advanceWallClock}.
 */
final class EvaluatorDriver implements AutoCloseable {

    static final Instant WALL_CLOCK = Instant.parse("2026-11-02T08:00:00Z");
    static final Topics TOPICS = Topics.withPrefix(Topics.DEFAULT_PREFIX);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, TrailEvent> events;
    private final TestInputTopic<String, Posture> postures;
    private final TestInputTopic<String, String> rawEvents;
    private final TestInputTopic<String, Watermark> watermarks;
    private final TestInputTopic<String, Posture> inlinePostures;
    private final TestOutputTopic<String, Alert> alerts;
    private final TestOutputTopic<String, DeadLetter> deadLetters;
    private Instant timestamp = Instant.parse("2026-11-02T07:00:00Z");

    EvaluatorDriver(Path stateDir) {
        this(stateDir, EvaluatorSettings.defaults());
    }

    EvaluatorDriver(Path stateDir, EvaluatorSettings settings) {
        this(stateDir, settings, false);
    }

    EvaluatorDriver(Path stateDir, EvaluatorSettings settings, boolean live) {
        this(stateDir, settings, Detections.standard(settings), live);
    }

    /** The topology running {@code detections} instead of the standard catalogue. */
    EvaluatorDriver(Path stateDir, EvaluatorSettings settings, Detections detections, boolean live) {
        Clock clock = Clock.fixed(WALL_CLOCK, ZoneOffset.UTC);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "rootwatch-evaluator-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        props.put(DeadLetterDeserializationHandler.DEAD_LETTER_TOPIC_CONFIG, TOPICS.deadLetter().name());
        props.put(DeadLetterDeserializationHandler.METER_REGISTRY_CONFIG, registry);
        driver = new TopologyTestDriver(EvaluatorTopology.build(TOPICS, settings, detections, registry, clock, live), props,
                WALL_CLOCK);
        events = driver.createInputTopic(TOPICS.events().name(),
                TOPICS.events().keySerde().serializer(), TOPICS.events().valueSerde().serializer());
        postures = driver.createInputTopic(TOPICS.posture().name(),
                TOPICS.posture().keySerde().serializer(), TOPICS.posture().valueSerde().serializer());
        rawEvents = driver.createInputTopic(TOPICS.events().name(), new StringSerializer(), new StringSerializer());
        watermarks = driver.createInputTopic(TOPICS.events().name(), new StringSerializer(),
                new JsonSerde<>(Watermark.class));
        inlinePostures = driver.createInputTopic(TOPICS.events().name(),
                TOPICS.posture().keySerde().serializer(), TOPICS.posture().valueSerde().serializer());
        alerts = driver.createOutputTopic(TOPICS.alerts().name(),
                TOPICS.alerts().keySerde().deserializer(), TOPICS.alerts().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(TOPICS.deadLetter().name(),
                TOPICS.deadLetter().keySerde().deserializer(), TOPICS.deadLetter().valueSerde().deserializer());
    }

    EvaluatorDriver send(TrailEvent event) {
        events.pipeInput(event.accountId(), event, nextTimestamp());
        return this;
    }

    EvaluatorDriver send(TrailEventBuilder event) {
        return send(event.build());
    }

    EvaluatorDriver send(Posture posture) {
        postures.pipeInput(posture.accountId(), posture, nextTimestamp());
        return this;
    }

    EvaluatorDriver send(PostureBuilder posture) {
        return send(posture.build());
    }

    /** Pipes a posture onto the events topic, between the events, as a replay writes it. */
    EvaluatorDriver sendBetweenEvents(PostureBuilder posture) {
        Posture p = posture.build();
        inlinePostures.pipeInput(p.accountId(), p, nextTimestamp());
        return this;
    }

    /** The topics the topology has written to so far, changelogs included. */
    Set<String> producedTopics() {
        return driver.producedTopicNames();
    }

    /** Pipes a watermark onto the events topic. */
    EvaluatorDriver send(Watermark watermark) {
        watermarks.pipeInput(null, watermark, nextTimestamp());
        return this;
    }

    /** Ends the input as a replay does: the end-of-input watermark. */
    EvaluatorDriver endOfInput() {
        return send(Watermark.endOfInput());
    }

    /** Moves the driver's wall clock (live mode punctuation) forward by {@code gap}. */
    EvaluatorDriver advanceWallClock(Duration gap) {
        driver.advanceWallClockTime(gap);
        return this;
    }

    /** Pipes text that is not a rootwatch record onto the events topic. */
    EvaluatorDriver sendRawEvent(String key, String value) {
        rawEvents.pipeInput(key, value, nextTimestamp());
        return this;
    }

    /** Pipes a posture tombstone (null value), as compaction clients may. */
    EvaluatorDriver sendPostureTombstone(String accountId) {
        postures.pipeInput(accountId, null, nextTimestamp());
        return this;
    }

    /** Moves the Kafka timestamp of the next record forward by {@code gap}. */
    EvaluatorDriver advance(Duration gap) {
        timestamp = timestamp.plus(gap);
        return this;
    }

    /** The alerts emitted since the last call, in order. */
    List<Alert> alerts() {
        pending.addAll(alerts.readValuesToList());
        List<Alert> read = pending.stream().filter(a -> !isRefresh(a)).toList();
        pending.removeIf(a -> !isRefresh(a));
        return read;
    }

    /**
     * The refreshes of open incidents (details.refresh) emitted since the last call; {@link #alerts()} leaves them
     * out: they tell sinks that expire alerts that an incident is still open, nothing new.
     */
    List<Alert> refreshes() {
        pending.addAll(alerts.readValuesToList());
        List<Alert> read = pending.stream().filter(EvaluatorDriver::isRefresh).toList();
        pending.removeIf(EvaluatorDriver::isRefresh);
        return read;
    }

    private static boolean isRefresh(Alert alert) {
        return Boolean.TRUE.equals(alert.details().get(Alert.REFRESH));
    }

    /** Alerts read from the topic and not yet handed out by {@link #alerts()} or {@link #refreshes()}. */
    private final List<Alert> pending = new java.util.ArrayList<>();

    /** The alert records (with key) emitted since the last call, in order. */
    List<TestRecord<String, Alert>> alertRecords() {
        return alerts.readRecordsToList();
    }

    List<TestRecord<String, DeadLetter>> deadLetters() {
        return deadLetters.readRecordsToList();
    }

    double gauge(String name, String... tags) {
        io.micrometer.core.instrument.Gauge gauge = registry.find(name).tags(tags).gauge();
        return gauge == null ? Double.NaN : gauge.value();
    }

    boolean hasGauge(String name, String... tags) {
        return registry.find(name).tags(tags).gauge() != null;
    }

    double count(String name, String... tags) {
        Counter counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    private Instant nextTimestamp() {
        timestamp = timestamp.plusSeconds(1);
        return timestamp;
    }

    @Override
    public void close() {
        driver.close();
    }
}
