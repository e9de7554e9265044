package dev.rootwatch.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The closing table of a bench run: each figure issue 14 sets a target for, what this run
 * measured, the target, and whether it was met; a part the run left out says "skipped".
 */
final class TargetTable {

    private record Row(String figure, String value, String target, String verdict) {
    }

    private final String title;
    private final List<Row> rows = new ArrayList<>();

    TargetTable(String title) {
        this.title = title;
    }

    void measured(String figure, String value, String target, boolean met) {
        rows.add(new Row(figure, value, target, met ? "met" : "NOT met"));
    }

    void skipped(String figure, String target) {
        rows.add(new Row(figure, "-", target, "skipped"));
    }

    List<String> lines() {
        int figureWidth = Math.max(6, rows.stream().mapToInt(r -> r.figure().length()).max().orElse(0));
        int valueWidth = Math.max(8, rows.stream().mapToInt(r -> r.value().length()).max().orElse(0));
        int targetWidth = Math.max(6, rows.stream().mapToInt(r -> r.target().length()).max().orElse(0));
        String format = "    %-" + figureWidth + "s  %-" + valueWidth + "s  %-" + targetWidth + "s  %s";
        List<String> lines = new ArrayList<>();
        lines.add(title);
        lines.add(String.format(Locale.ROOT, format, "figure", "measured", "target", ""));
        for (Row r : rows) {
            lines.add(String.format(Locale.ROOT, format, r.figure(), r.value(), r.target(), r.verdict()));
        }
        long notMet = rows.stream().filter(r -> r.verdict().equals("NOT met")).count();
        long skipped = rows.stream().filter(r -> r.verdict().equals("skipped")).count();
        lines.add(String.format(Locale.ROOT, "    %d of %d met, %d not met, %d skipped", rows.size() - notMet - skipped, rows.size(),
                notMet, skipped));
        return lines;
    }
}
