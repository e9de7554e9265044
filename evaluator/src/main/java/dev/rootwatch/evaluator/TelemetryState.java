package dev.rootwatch.evaluator;

import java.time.Instant;
import java.util.Objects;

/**
 * What the telemetry watcher knows about one watched feed (the whole events topic, or one account).
 *
 * @param lastSeen      wall-clock time telemetry was last seen (or watching began)
 * @param lastEventTime the latest event time seen, or null
 * @param silentSince   while TELEMETRY_SILENT is firing: the lastSeen it fired about (its fingerprint basis); else null
 */
record TelemetryState(Instant lastSeen, Instant lastEventTime, Instant silentSince) {

    TelemetryState {
        Objects.requireNonNull(lastSeen, "lastSeen");
    }

    boolean firing() {
        return silentSince != null;
    }
}
