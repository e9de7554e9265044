package dev.rootwatch.standalone;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.Settings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** How the {@code rootwatch} command lays out its data: its embedded broker's settings, and where the evaluator keeps its state. */
final class DataLayout {

    /** Small segments, so that retention frees space in steps of this size rather than of 1 GiB. */
    static final long SEGMENT_BYTES = 16L << 20;

    private DataLayout() {
    }

    /** The broker properties of {@code rootwatch run}'s durable embedded broker: retention, and forced writes when asked for. */
    static Map<String, String> durable(Config config) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("log.retention.ms", Long.toString(config.get(Settings.KAFKA_EMBEDDED_RETENTION).toMillis()));
        settings.put("log.retention.bytes", Long.toString(config.get(Settings.KAFKA_EMBEDDED_RETENTION_BYTES).bytes()));
        settings.put("log.segment.bytes", Long.toString(SEGMENT_BYTES));
        if (config.get(Settings.KAFKA_EMBEDDED_SYNC_WRITES)) {
            // every append is forced to disk before the produce request is answered
            settings.put("log.flush.interval.messages", "1");
        }
        return settings;
    }

    /** {@code config} with {@code evaluator.stateDir} set to {@code stateDir} unless the user gave one. */
    static Config withStateDir(Config config, Path stateDir) {
        String configured = config.get(Settings.EVALUATOR_STATE_DIR);
        if (configured != null && !configured.isBlank()) {
            return config;
        }
        return config.with(Settings.EVALUATOR_STATE_DIR, stateDir.toString());
    }
}
