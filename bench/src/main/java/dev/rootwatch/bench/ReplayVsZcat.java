package dev.rootwatch.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Replay and {@code zcat} of the same files, side by side: the runs alternate (replay, zcat,
 * replay, zcat, ...) so that both see the same machine, page cache and load, and each is
 * reported by its median.
 */
final class ReplayVsZcat {

    /**
     * @param replay    replay's seconds
     * @param records   records each replay read
     * @param peakRssMb the largest peak RSS of the replays
     * @param zcat      zcat's seconds; empty when zcat is not installed
     * @param summary   the last replay's summary line
     */
    record Result(Spread replay, long records, double peakRssMb, Optional<Spread> zcat, String summary) {

        double recordsPerSecond() {
            return records / replay.median();
        }

        /** zcat's seconds over replay's: at least 1 when replay keeps up with decompression alone. */
        OptionalDouble ratio() {
            return zcat.map(z -> OptionalDouble.of(z.median() / replay.median())).orElse(OptionalDouble.empty());
        }
    }

    private ReplayVsZcat() {
    }

    /** {@code runs} replays of {@code dir} through {@code replay}, each followed by a zcat of {@code files}. */
    static Result run(ReplayRun replay, Path dir, long expectedRelevant, List<Path> files, int runs, PrintStream progress)
            throws IOException, InterruptedException {
        ZcatRun zcat = new ZcatRun(files);
        List<Double> replaySeconds = new ArrayList<>();
        List<Double> zcatSeconds = new ArrayList<>();
        boolean zcatMissing = false;
        double peakRss = Double.NaN;
        ReplayRun.Result last = null;
        for (int i = 0; i < runs; i++) {
            last = replay.run(dir, expectedRelevant);
            replaySeconds.add(last.seconds());
            peakRss = Double.isNaN(peakRss) ? last.peakRssMb() : Math.max(peakRss, last.peakRssMb());
            String zcatLine = "";
            if (!zcatMissing) {
                OptionalDouble z = zcat.seconds();
                zcatMissing = z.isEmpty();
                z.ifPresent(zcatSeconds::add);
                zcatLine = z.isPresent() ? String.format(Locale.ROOT, ", zcat %.2f s", z.getAsDouble()) : ", zcat not installed";
            }
            progress.printf(Locale.ROOT, "    run %d: replay %.2f s (peak RSS %.0f MB)%s%n", i + 1, last.seconds(), last.peakRssMb(),
                    zcatLine);
        }
        return new Result(Spread.of(replaySeconds), last.records(), peakRss,
                zcatMissing ? Optional.empty() : Optional.of(Spread.of(zcatSeconds)), last.summary());
    }
}
