package dev.rootwatch.collector.posture;

import java.util.Locale;

/** How one AWS API call ended, as the {@code outcome} label of {@code rootwatch_posture_api_calls_total}. */
enum ApiOutcome {
    SUCCESS, THROTTLED, ACCESS_DENIED, ERROR;

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
