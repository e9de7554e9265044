package dev.rootwatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rootwatch.collector.FileCollector;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Whether replay's cost grows linearly with its input: one replay through the launcher of
 * generated corpora of several sizes (records/s should hold, peak RSS stay flat), plus one plain
 * Records file in which every event is relevant (it must stream through in the launcher's
 * default heap). Corpora are generated once, into {@code DIR-<records>} beside the bench's main
 * directory (the main directory itself for its own size), and reused after.
 */
final class ScaleTable {

    /** Largest peak RSS over the smallest across sizes that still counts as flat. */
    static final double FLAT_RSS_RATIO = 1.5;

    /**
     * One row.
     *
     * @param input     what was replayed
     * @param records   CloudTrail records in it
     * @param relevant  of those, relevant
     * @param dense     whether this is the all-relevant file rather than a generated corpus
     * @param replay    the replay
     */
    record Row(String input, long records, long relevant, boolean dense, ReplayRun.Result replay) {
    }

    /**
     * The table; {@link #rssRatio} compares the corpora, not the dense file.
     *
     * @param denseFailure why the dense file's replay failed (out of memory, say); empty when it finished or was left out
     */
    record Result(List<Row> rows, Optional<String> denseFailure) {

        List<Row> corpora() {
            return rows.stream().filter(r -> !r.dense()).toList();
        }

        /** The dense file's row, if it was measured. */
        Optional<Row> dense() {
            return rows.stream().filter(Row::dense).findFirst();
        }

        /** Largest peak RSS over the smallest among the corpora; empty with fewer than two. */
        OptionalDouble rssRatio() {
            List<Row> corpora = corpora();
            if (corpora.size() < 2) {
                return OptionalDouble.empty();
            }
            double min = corpora.stream().mapToDouble(r -> r.replay().peakRssMb()).min().orElseThrow();
            double max = corpora.stream().mapToDouble(r -> r.replay().peakRssMb()).max().orElseThrow();
            return OptionalDouble.of(max / min);
        }

        /** The smallest corpus's peak RSS, the bound the dense file is held to; NaN without corpora. */
        double smallestRssMb() {
            return corpora().stream().mapToDouble(r -> r.replay().peakRssMb()).min().orElse(Double.NaN);
        }

        List<String> lines() {
            List<String> lines = new ArrayList<>();
            lines.add("(e) cost as input grows: one replay each through the launcher (" + ReplayRun.JAVA_OPTIONS + ")");
            lines.add(String.format(Locale.ROOT, "    %-44s %12s %10s %8s %12s %13s", "input", "records", "relevant", "seconds",
                    "records/s", "peak RSS MB"));
            for (Row r : rows) {
                lines.add(String.format(Locale.ROOT, "    %-44s %,12d %,10d %8.2f %,12.0f %13.0f", r.input(), r.records(),
                        r.relevant(), r.replay().seconds(), r.replay().recordsPerSecond(), r.replay().peakRssMb()));
            }
            denseFailure.ifPresent(f -> lines.add("    the all-relevant plain file: FAILED: " + f));
            rssRatio().ifPresent(ratio -> lines.add(String.format(Locale.ROOT,
                    "    peak RSS, largest corpus over smallest: %.2f (flat if <= %.1f)", ratio, FLAT_RSS_RATIO)));
            return lines;
        }
    }

    private ScaleTable() {
    }

    /**
     * Measures each of {@code scales} and the dense file of {@code denseEvents} records.
     *
     * @param mainDir     the bench's corpus, reused for its own size ({@code mainRecords})
     * @param denseEvents relevant events in the plain file; 0 leaves that row out
     */
    static Result run(ReplayRun replay, Path mainDir, long mainRecords, long[] scales, int denseEvents, PrintStream progress)
            throws IOException, InterruptedException {
        List<Row> rows = new ArrayList<>();
        for (long records : scales) {
            Path dir = records == mainRecords ? mainDir : sibling(mainDir, "-" + records);
            JsonNode expected = CloudTrailGenerator.ensure(dir, records, progress);
            long relevant = expected.path("relevant").asLong();
            int files = FileCollector.expand(List.of(dir)).size();
            rows.add(new Row(String.format(Locale.ROOT, "%,d records, %d gzip files", records, files), records, relevant, false,
                    replay.run(dir, relevant)));
        }
        Optional<String> denseFailure = Optional.empty();
        if (denseEvents > 0) {
            Path file = DenseRecordsFile.ensure(sibling(mainDir, "-dense"), denseEvents);
            try {
                rows.add(new Row(String.format(Locale.ROOT, "1 plain file, %.0f MB, all relevant", Files.size(file) / 1e6),
                        denseEvents, denseEvents, true, replay.run(file, denseEvents)));
            } catch (IllegalStateException failed) {
                // what the issue saw (out of memory at -Xmx512m): a figure of the table, not the end of the bench
                denseFailure = Optional.of(failed.getMessage());
            }
        }
        return new Result(List.copyOf(rows), denseFailure);
    }

    /** {@code -Dbench.scales=200000,2000000}: the corpus sizes. */
    static long[] scales(String property) {
        return Arrays.stream(property.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .mapToLong(s -> Long.parseLong(s.replace("_", ""))).toArray();
    }

    private static Path sibling(Path dir, String suffix) {
        Path abs = dir.toAbsolutePath();
        return abs.resolveSibling(abs.getFileName() + suffix);
    }
}
