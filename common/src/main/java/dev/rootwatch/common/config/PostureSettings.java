package dev.rootwatch.common.config;

import java.util.List;

/** Configuration keys of IAM posture polling. Registered in {@link Settings}. */
public final class PostureSettings {

    private PostureSettings() {
    }

    static List<Setting<?>> all() {
        return List.of();
    }
}
