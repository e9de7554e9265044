package dev.rootwatch.notifier;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a stopping notifier left undelivered, per sink: alerts that stay in Kafka, uncommitted by
 * that sink's group, and are delivered after the next start (or lost, where the broker is temporary).
 *
 * @param bySink per sink name, the alerts it had not delivered; -1 where they could not be counted
 */
public record PendingDeliveries(Map<String, Integer> bySink) {

    public PendingDeliveries {
        bySink = Collections.unmodifiableMap(new LinkedHashMap<>(bySink));
    }

    /** The largest count of any sink: at least this many alerts are still owed to some receiver. */
    public int alerts() {
        return bySink.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** Whether every sink delivered everything it had. */
    public boolean none() {
        return bySink.values().stream().allMatch(n -> n == 0);
    }
}
