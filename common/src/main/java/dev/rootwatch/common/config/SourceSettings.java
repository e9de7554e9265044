package dev.rootwatch.common.config;

import java.util.List;

/** Configuration keys of the live CloudTrail sources (SQS, S3, LookupEvents) and `rootwatch run`. Registered in {@link Settings}. */
public final class SourceSettings {

    private SourceSettings() {
    }

    static List<Setting<?>> all() {
        return List.of();
    }
}
