package dev.rootwatch.common.config;

import java.util.List;

/** Configuration keys of the notifier's sinks and delivery. Registered in {@link Settings}. */
public final class SinkSettings {

    private SinkSettings() {
    }

    static List<Setting<?>> all() {
        return List.of();
    }
}
