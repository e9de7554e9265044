package dev.rootwatch.common.config;

import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every configuration key rootwatch knows, in one place: name, default and description. Config
 * files and environment variables may set only these; anything else is rejected at start-up.
 */
public final class Settings {

    public static final Setting<String> KAFKA_BOOTSTRAP_SERVERS = new Setting<>("kafka.bootstrapServers", "host:port,...", "",
            ValueParsers::text, "Kafka brokers to use. Empty: the `rootwatch` command starts an embedded single-node broker; the service jars require it.");
    public static final Setting<String> KAFKA_TOPIC_PREFIX = new Setting<>("kafka.topicPrefix", "text", "rootwatch.",
            ValueParsers::text, "Prefix of the four topic names (`events`, `posture`, `alerts`, `deadletter`).");
    public static final Setting<Boolean> KAFKA_CREATE_TOPICS = new Setting<>("kafka.createTopics", "boolean", true,
            ValueParsers::bool, "Create missing topics at start-up (posture compacted).");
    public static final Setting<Integer> KAFKA_PARTITIONS = new Setting<>("kafka.partitions", "integer", 3,
            ValueParsers::integer, "Partitions of topics rootwatch creates; events and posture must have the same count.");
    public static final Setting<Integer> KAFKA_REPLICATION_FACTOR = new Setting<>("kafka.replicationFactor", "integer", 1,
            ValueParsers::integer, "Replication factor of topics rootwatch creates (3 on a production cluster).");

    public static final Setting<String> DATA_DIR = new Setting<>("data.dir", "path", "rootwatch-data", ValueParsers::text,
            "Where `rootwatch run` keeps its embedded broker's log (`kafka/`) and the evaluator's state (`evaluator/`), and the"
            + " evaluator service its state; relative to the working directory. Locked: one process per directory."
            + " `demo` and `replay` use a temporary one.");
    public static final Setting<Duration> KAFKA_EMBEDDED_RETENTION = new Setting<>("kafka.embedded.retention", "duration",
            Duration.ofDays(7), ValueParsers::duration, "How long the embedded broker keeps events, alerts and dead letters"
            + " (posture is compacted: its latest record per account stays). Keep it above `notifier.delivery.maxAge`.");
    public static final Setting<ByteSize> KAFKA_EMBEDDED_RETENTION_BYTES = new Setting<>("kafka.embedded.retentionBytes", "size",
            ByteSize.ofMiB(256), ValueParsers::bytes, "Most the embedded broker keeps per partition of the events, alerts and"
            + " dead-letter topics; older segments go first. Bounds the data directory whatever the input.");
    public static final Setting<Boolean> KAFKA_EMBEDDED_SYNC_WRITES = new Setting<>("kafka.embedded.syncWrites", "boolean", true,
            ValueParsers::bool, "The embedded broker forces each write to disk before acknowledging it, so an SQS message is"
            + " deleted only once what it produced survives even a power loss. Off: a process crash still loses nothing.");

    public static final Setting<ByteSize> COLLECTOR_MAX_DECOMPRESSED_BYTES = new Setting<>("collector.maxDecompressedBytes", "size",
            new ByteSize(1L << 30), ValueParsers::bytes, "Largest decompressed size of one input file or object; beyond it the input is dead-lettered as oversized.");
    public static final Setting<ByteSize> COLLECTOR_MAX_RECORD_BYTES = new Setting<>("collector.maxRecordBytes", "size",
            ByteSize.ofMiB(16), ValueParsers::bytes, "Largest single CloudTrail record or JSON Lines line; a larger one is dead-lettered as oversized.");
    public static final Setting<Boolean> COLLECTOR_LIBDEFLATE = new Setting<>("collector.libdeflate", "boolean", true,
            ValueParsers::bool, "Gzip files and objects of up to 2MiB that decompress to at most 8MiB (CloudTrail's do) are decompressed whole by libdeflate, a native"
            + " library bundled for Linux, macOS and Windows: about twice as fast as the JDK's zlib, which takes every other input,"
            + " and every input where the library cannot load. Off: the JDK's zlib only.");

    public static final Setting<String> EVALUATOR_APPLICATION_ID = new Setting<>("evaluator.applicationId", "text", "rootwatch-evaluator",
            ValueParsers::text, "Kafka Streams application id (consumer group and state store prefix) of the evaluator.");
    public static final Setting<Duration> EVALUATOR_DEDUP_RETENTION = new Setting<>("evaluator.dedupRetention", "duration", Duration.ofDays(7),
            ValueParsers::duration, "How long an eventID is remembered so that a duplicate delivery is evaluated once.");
    public static final Setting<Duration> EVALUATOR_COMMIT_INTERVAL = new Setting<>("evaluator.commitInterval", "duration", Duration.ofMillis(100),
            ValueParsers::duration, "Commit interval (exactly-once in live mode): alerts become visible to the notifier at most this long after their event."
            + " A replay commits once, at the end of its input.");
    public static final Setting<String> EVALUATOR_STATE_DIR = new Setting<>("evaluator.stateDir", "path", "",
            ValueParsers::text, "Directory of the evaluator's local state stores. Empty: `evaluator/` in `data.dir`.");
    public static final Setting<Integer> EVALUATOR_STANDBY_REPLICAS = new Setting<>("evaluator.standbyReplicas", "integer", 0,
            ValueParsers::integer, "Standby replicas of the evaluator's state, for fast fail-over between instances.");
    public static final Setting<ByteSize> EVALUATOR_STATE_MEMORY = new Setting<>("evaluator.stateMemory", "size", ByteSize.ofMiB(64),
            ValueParsers::bytes, "Off-heap memory all the evaluator's state stores share (RocksDB block cache and memtables); bounds its RSS however many accounts and partitions it holds.");

    public static final Setting<String> NOTIFIER_GROUP_ID = new Setting<>("notifier.groupId", "text", "rootwatch-notifier",
            ValueParsers::text, "Consumer group of the notifier.");
    public static final Setting<Boolean> NOTIFIER_CONSOLE_ENABLED = new Setting<>("notifier.console.enabled", "boolean", true,
            ValueParsers::bool, "Print each alert as one line on standard output.");
    public static final Setting<String> NOTIFIER_FILE_PATH = new Setting<>("notifier.file.path", "path", "",
            ValueParsers::text, "Append each alert as one `rootwatch.alert/v1` JSON line to this file. Empty: off.");

    public static final Setting<Integer> HTTP_PORT = new Setting<>("http.port", "integer", 9464,
            ValueParsers::integer, "Port of /metrics, /healthz and /readyz. 0: any free port; -1: no HTTP server.");
    public static final Setting<String> HTTP_BIND_ADDRESS = new Setting<>("http.bindAddress", "address", "0.0.0.0",
            ValueParsers::text, "Address the HTTP server listens on.");

    private static final List<Setting<?>> ALL = build();

    private Settings() {
    }

    /** The setting enabling detection {@code type}. */
    @SuppressWarnings("unchecked")
    public static Setting<Boolean> detectionEnabled(AlertType type) {
        return (Setting<Boolean>) byKey().get("evaluator.detections." + type.name() + ".enabled");
    }

    /** The setting giving the severity of detection {@code type}. */
    @SuppressWarnings("unchecked")
    public static Setting<Severity> detectionSeverity(AlertType type) {
        return (Setting<Severity>) byKey().get("evaluator.detections." + type.name() + ".severity");
    }

    public static List<Setting<?>> all() {
        return ALL;
    }

    public static Map<String, Setting<?>> byKey() {
        return ByKey.MAP;
    }

    private static List<Setting<?>> build() {
        List<Setting<?>> list = new ArrayList<>(List.of(
                KAFKA_BOOTSTRAP_SERVERS, KAFKA_TOPIC_PREFIX, KAFKA_CREATE_TOPICS, KAFKA_PARTITIONS, KAFKA_REPLICATION_FACTOR,
                DATA_DIR, KAFKA_EMBEDDED_RETENTION, KAFKA_EMBEDDED_RETENTION_BYTES, KAFKA_EMBEDDED_SYNC_WRITES,
                COLLECTOR_MAX_DECOMPRESSED_BYTES, COLLECTOR_MAX_RECORD_BYTES, COLLECTOR_LIBDEFLATE,
                EVALUATOR_APPLICATION_ID, EVALUATOR_DEDUP_RETENTION, EVALUATOR_COMMIT_INTERVAL, EVALUATOR_STATE_DIR,
                EVALUATOR_STANDBY_REPLICAS, EVALUATOR_STATE_MEMORY,
                NOTIFIER_GROUP_ID, NOTIFIER_CONSOLE_ENABLED, NOTIFIER_FILE_PATH,
                HTTP_PORT, HTTP_BIND_ADDRESS));
        list.addAll(SourceSettings.all());
        list.addAll(PostureSettings.all());
        list.addAll(SinkSettings.all());
        list.addAll(DetectionSettings.all());
        for (AlertType type : AlertType.values()) {
            String prefix = "evaluator.detections." + type.name();
            list.add(new Setting<>(prefix + ".enabled", "boolean", true, ValueParsers::bool,
                    "Whether " + type.name() + " is detected."));
            list.add(new Setting<>(prefix + ".severity", "severity", type.defaultSeverity(), ValueParsers.enumOf(Severity.class),
                    "Severity of " + type.name() + " alerts."));
        }
        return Collections.unmodifiableList(list);
    }

    private static final class ByKey {
        static final Map<String, Setting<?>> MAP = index();

        private static Map<String, Setting<?>> index() {
            Map<String, Setting<?>> map = new LinkedHashMap<>();
            for (Setting<?> s : ALL) {
                if (map.put(s.key(), s) != null) {
                    throw new IllegalStateException("setting declared twice: " + s.key());
                }
            }
            return Collections.unmodifiableMap(map);
        }
    }
}
