package dev.rootwatch.common.config;

import java.util.List;

/** Configuration keys of the evaluator's detection windows, thresholds and lifecycle. Registered in {@link Settings}. */
public final class DetectionSettings {

    private DetectionSettings() {
    }

    static List<Setting<?>> all() {
        return List.of();
    }
}
