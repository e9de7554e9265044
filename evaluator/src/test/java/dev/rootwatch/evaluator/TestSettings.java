package dev.rootwatch.evaluator;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.Settings;
import dev.rootwatch.common.model.AlertType;
import java.util.Set;

/** Evaluator settings for tests that look at some detections only. */
final class TestSettings {

    private TestSettings() {
    }

    /** The defaults with every detection but {@code types} switched off. */
    static Config onlyConfig(AlertType... types) {
        Set<AlertType> keep = Set.of(types);
        Config config = Config.defaults();
        for (AlertType type : AlertType.values()) {
            config = config.with(Settings.detectionEnabled(type), keep.contains(type));
        }
        return config;
    }

    /** The defaults with every detection but {@code types} switched off. */
    static EvaluatorSettings only(AlertType... types) {
        return EvaluatorSettings.from(onlyConfig(types));
    }
}
