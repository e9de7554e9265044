package dev.rootwatch.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Latencies from an SQS message being sent to its alert reaching the webhook, in milliseconds.
 * Percentiles are nearest-rank: p99 of 1,000 is the 990th smallest.
 *
 * @param count how many latencies
 * @param p50   median
 * @param p99   99th percentile
 * @param max   the slowest
 */
public record LiveLatency(int count, double p50, double p99, double max) {

    static LiveLatency of(List<Double> millis) {
        if (millis.isEmpty()) {
            return new LiveLatency(0, Double.NaN, Double.NaN, Double.NaN);
        }
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return new LiveLatency(sorted.size(), percentile(sorted, 50), percentile(sorted, 99), sorted.get(sorted.size() - 1));
    }

    private static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
