package dev.rootwatch.collector.posture;

import dev.rootwatch.common.model.Compliance;
import java.time.Duration;
import java.util.Map;

/**
 * What one sweep found.
 *
 * @param accounts     accounts read
 * @param duration     wall time of the sweep
 * @param byCompliance accounts per compliance status
 * @param listed       whether the account list was read fresh (false: the last sweep's list was reused, or none was known)
 */
record SweepResult(int accounts, Duration duration, Map<Compliance, Long> byCompliance, boolean listed) {

    SweepResult {
        byCompliance = Map.copyOf(byCompliance);
    }

    long count(Compliance status) {
        return byCompliance.getOrDefault(status, 0L);
    }
}
