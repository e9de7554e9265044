package dev.rootwatch.evaluator;

import java.time.Instant;

/**
 * Evidence that CloudTrail telemetry flows, sent to the telemetry watcher: an event (with its
 * account) or a watermark (without one).
 *
 * @param accountId the event's account; null for a watermark
 * @param eventTime the event's or the watermark's event time
 */
record TelemetryBeat(String accountId, Instant eventTime) {

    boolean watermark() {
        return accountId == null;
    }
}
