package dev.rootwatch.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Several timings of one measure: the median (the figure reported), and the smallest and
 * largest (how much the runs varied).
 */
record Spread(double median, double min, double max, int runs) {

    static Spread of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Spread(median, sorted.get(0), sorted.get(n - 1), n);
    }

    /** E.g. {@code 8.21 s (7.90-8.65 s, 3 runs)}. */
    String seconds() {
        return String.format(Locale.ROOT, "%.2f s (%.2f-%.2f s, %d runs)", median, min, max, runs);
    }
}
