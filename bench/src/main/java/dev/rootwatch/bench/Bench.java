package dev.rootwatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rootwatch.collector.CollectorMetrics;
import dev.rootwatch.collector.FileCollector;
import dev.rootwatch.collector.IngestStats;
import dev.rootwatch.common.cloudtrail.InputLimits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * {@code rootwatch bench}: on one set of generated CloudTrail files, measures (a) raw gunzip
 * with the JDK's Inflater, the floor; (b) the collector's parse+filter, one thread and all
 * cores; (c) end-to-end {@code rootwatch replay} as users run it, through the launcher script
 * ({@code ./rootwatch}: class-data sharing archive, {@code -Xmx512m}), JVM and broker start-up
 * included, three times interleaved with {@code zcat} of the same files, beside the
 * straightforward Python baseline; (e) replay's cost as input grows ({@link ScaleTable}); (d)
 * alert latency from an SQS message to the webhook under CloudTrail noise, and from ready to the
 * first alert ({@link LiveBench}). Prints the figures, the ratios measured side by side, and
 * closes with issue 14's targets, each met or not.
 *
 * <pre>java -cp ... dev.rootwatch.bench.Bench DIR [RECORDS] [ROOTWATCH_JAR] [LAUNCHER]</pre>
 *
 * Run from the repository root: {@code LAUNCHER} (default {@code rootwatch}) is started as
 * {@code ./rootwatch}. {@code -Dbench.skipPython=true}, {@code -Dbench.skipScale=true} and
 * {@code -Dbench.skipLive=true} leave those parts out; {@code -Dbench.scales=200000,2000000}
 * sets (e)'s corpus sizes (generated once into {@code DIR-<records>}; 20000000 works, slowly),
 * {@code -Dbench.denseEvents=150000} the events of its all-relevant plain file (0 leaves it out);
 * {@code -Dbench.alerts=N} sets (d)'s alert count, {@code -Dlivebench.*} its load.
 */
public final class Bench {

    private static final int RUNS = 3;
    private static final double REPLAY_TARGET = 250_000;
    private static final double ZCAT_TARGET = 1.0;
    private static final double PYTHON_TARGET = 4;

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/bench-cloudtrail");
        long records = args.length > 1 ? Long.parseLong(args[1]) : 2_000_000L;
        Path jar = Path.of(args.length > 2 ? args[2] : "standalone/target/rootwatch.jar");
        Path launcher = Path.of(args.length > 3 ? args[3] : "rootwatch");
        int cores = Runtime.getRuntime().availableProcessors();

        JsonNode expected = CloudTrailGenerator.ensure(dir, records, System.out);
        long relevant = expected.path("relevant").asLong();
        List<Path> files = FileCollector.expand(List.of(dir));
        long compressed = 0;
        for (Path f : files) {
            compressed += Files.size(f);
        }
        long raw = expected.path("uncompressedBytes").asLong();
        System.out.printf(Locale.ROOT, "input: %d files, %,d records, %.1f MB gzip, %.1f MB uncompressed, %d relevant; %d cores%n",
                files.size(), records, compressed / 1e6, raw / 1e6, relevant, cores);

        double inflate = best(() -> gunzip(files, 1));
        System.out.printf(Locale.ROOT, "(a) raw gunzip (Inflater), 1 thread:     %8.0f MB/s  %,10.0f records/s%n",
                raw / inflate / 1e6, records / inflate);
        double inflateAll = best(() -> gunzip(files, cores));
        System.out.printf(Locale.ROOT, "    raw gunzip, %d threads:               %8.0f MB/s%n", cores, raw / inflateAll / 1e6);

        double sift = best(() -> parseFilter(files, 1, expected));
        System.out.printf(Locale.ROOT, "(b) parse+filter, 1 thread:              %8.0f MB/s  %,10.0f records/s  (b)/(a) = %.2f%n",
                raw / sift / 1e6, records / sift, inflate / sift);
        double siftAll = best(() -> parseFilter(files, cores, expected));
        System.out.printf(Locale.ROOT, "    parse+filter, %d threads:             %8.0f MB/s  %,10.0f records/s  vs 1-thread gunzip = %.2f%n",
                cores, raw / siftAll / 1e6, records / siftAll, inflate / siftAll);

        TargetTable targets = new TargetTable("issue 14 targets (this run):");
        ReplayRun replay = new ReplayRun(launcher);
        if (!Files.isRegularFile(jar) || !Files.isExecutable(launcher)) {
            System.out.println("(c), (d), (e) skipped: " + jar + " not built (mvn -DskipTests package) or no launcher "
                    + replay.command());
            replayTargets(targets, Optional.empty(), Optional.empty(), records);
            scaleTargets(targets, Optional.empty());
            liveTargets(targets, Optional.empty());
            targets.lines().forEach(System.out::println);
            return;
        }
        replay.check();
        System.out.printf(Locale.ROOT, "(c) rootwatch replay through %s (%s; %s), %d runs interleaved with zcat of the same files%n",
                replay.command(), ReplayRun.JAVA_OPTIONS, replay.classDataSharing(), RUNS);
        ReplayVsZcat.Result side = ReplayVsZcat.run(replay, dir, relevant, files, RUNS, System.out);
        System.out.printf(Locale.ROOT, "    replay: %s  %8.0f MB/s  %,10.0f records/s  (c)/(a) = %.2f  peak RSS %.0f MB"
                        + "  target >= 250,000 records/s%n", side.replay().seconds(), raw / side.replay().median() / 1e6,
                side.recordsPerSecond(), inflate / side.replay().median(), side.peakRssMb());
        if (side.zcat().isPresent()) {
            System.out.printf(Locale.ROOT, "    zcat:   %s  replay / zcat = zcat seconds / replay seconds = %.2f  target >= 1.0%n",
                    side.zcat().get().seconds(), side.ratio().getAsDouble());
        } else {
            System.out.println("    zcat skipped (not installed)");
        }
        System.out.println("    replay summary: " + side.summary());
        Optional<PythonBaseline.Result> python = Boolean.getBoolean("bench.skipPython") ? Optional.empty()
                : PythonBaseline.run(Path.of("bench/python/baseline.py"), dir);
        if (python.isPresent()) {
            PythonBaseline.Result py = python.get();
            if (py.relevant() != relevant) {
                throw new IllegalStateException("the Python baseline kept " + py.relevant() + " events, the generator wrote "
                        + relevant);
            }
            System.out.printf(Locale.ROOT, "    Python baseline (gzip + json.load):     %,10.0f records/s  replay / Python = %.1f  target >= 4%n",
                    py.recordsPerSecond(), side.recordsPerSecond() / py.recordsPerSecond());
        } else {
            System.out.println("    Python baseline skipped (no python3, or -Dbench.skipPython=true)");
        }
        replayTargets(targets, Optional.of(side), python, records);

        Optional<ScaleTable.Result> scale = Optional.empty();
        if (Boolean.getBoolean("bench.skipScale")) {
            System.out.println("(e) skipped (-Dbench.skipScale=true)");
        } else {
            scale = Optional.of(ScaleTable.run(replay, dir, records,
                    ScaleTable.scales(System.getProperty("bench.scales", "200000,2000000")),
                    Integer.getInteger("bench.denseEvents", 150_000), System.out));
            scale.get().lines().forEach(System.out::println);
        }
        scaleTargets(targets, scale);

        Optional<S3PathBench.Result> s3 = Optional.empty();
        if (Boolean.getBoolean("bench.skipS3")) {
            System.out.println("(f) skipped (-Dbench.skipS3=true)");
        } else {
            s3 = Optional.of(S3PathBench.run(jar, LiveBench.Options.fromEnvironment(jar, 1).javaOptions(), dir, records, System.out));
            s3.get().lines().forEach(System.out::println);
        }
        s3Targets(targets, s3);

        Optional<LiveBenchResult> live = Optional.empty();
        if (Boolean.getBoolean("bench.skipLive")) {
            System.out.println("(d) skipped (-Dbench.skipLive=true)");
        } else {
            int alerts = Integer.getInteger("bench.alerts", 1000);
            live = Optional.of(LiveBench.run(LiveBench.Options.fromEnvironment(jar, alerts), System.out));
            live.get().lines().forEach(System.out::println);
        }
        liveTargets(targets, live);
        targets.lines().forEach(System.out::println);
    }

    private static void replayTargets(TargetTable targets, Optional<ReplayVsZcat.Result> side, Optional<PythonBaseline.Result> python,
                                      long records) {
        String throughput = "replay of " + String.format(Locale.ROOT, "%,d", records) + " records, records/s";
        String zcat = "replay / zcat (zcat s / replay s)";
        String py = "replay / Python baseline";
        if (side.isEmpty()) {
            targets.skipped(throughput, ">= 250,000");
            targets.skipped(zcat, ">= 1.0");
            targets.skipped(py, ">= 4");
            return;
        }
        ReplayVsZcat.Result s = side.get();
        targets.measured(throughput, String.format(Locale.ROOT, "%,.0f (median %.2f s)", s.recordsPerSecond(), s.replay().median()),
                ">= 250,000", s.recordsPerSecond() >= REPLAY_TARGET);
        if (s.ratio().isPresent()) {
            double ratio = s.ratio().getAsDouble();
            targets.measured(zcat, String.format(Locale.ROOT, "%.2f", ratio), ">= 1.0", ratio >= ZCAT_TARGET);
        } else {
            targets.skipped(zcat, ">= 1.0");
        }
        if (python.isPresent()) {
            double ratio = s.recordsPerSecond() / python.get().recordsPerSecond();
            targets.measured(py, String.format(Locale.ROOT, "%.1f", ratio), ">= 4", ratio >= PYTHON_TARGET);
        } else {
            targets.skipped(py, ">= 4");
        }
    }

    private static void scaleTargets(TargetTable targets, Optional<ScaleTable.Result> scale) {
        String denseFigure = "all-relevant plain file, peak RSS";
        String denseTarget = "finishes at -Xmx512m, RSS <= " + ScaleTable.FLAT_RSS_RATIO + " x smallest corpus";
        String flat = "peak RSS largest / smallest corpus";
        String flatTarget = "<= " + ScaleTable.FLAT_RSS_RATIO;
        if (scale.isEmpty()) {
            targets.skipped(denseFigure, denseTarget);
            targets.skipped(flat, flatTarget);
            return;
        }
        ScaleTable.Result s = scale.get();
        if (s.denseFailure().isPresent()) {
            targets.measured(denseFigure, "failed", denseTarget, false);
        } else if (s.dense().isPresent()) {
            ScaleTable.Row dense = s.dense().get();
            double bound = ScaleTable.FLAT_RSS_RATIO * s.smallestRssMb();
            targets.measured(String.format(Locale.ROOT, "%,d-event plain file, peak RSS", dense.relevant()),
                    String.format(Locale.ROOT, "%.0f MB (%.2f s)", dense.replay().peakRssMb(), dense.replay().seconds()),
                    String.format(Locale.ROOT, "finishes at -Xmx512m, <= %.0f MB", bound),
                    Double.isNaN(bound) || dense.replay().peakRssMb() <= bound);
        } else {
            targets.skipped(denseFigure, denseTarget);
        }
        if (s.rssRatio().isPresent()) {
            double ratio = s.rssRatio().getAsDouble();
            targets.measured(flat, String.format(Locale.ROOT, "%.2f", ratio), flatTarget, ratio <= ScaleTable.FLAT_RSS_RATIO);
        } else {
            targets.skipped(flat + " (needs 2 sizes)", flatTarget);
        }
    }

    private static void s3Targets(TargetTable targets, Optional<S3PathBench.Result> s3) {
        String figure = "S3 path, warm (last round), records/s";
        String target = ">= 200,000";
        if (s3.isEmpty()) {
            targets.skipped(figure, target);
            return;
        }
        S3PathBench.Result r = s3.get();
        targets.measured(figure, String.format(Locale.ROOT, "%,.0f (round %d; cold %,.0f)", r.warmPerSecond(), r.roundSeconds().size(),
                r.coldPerSecond()), target,
                r.warmPerSecond() >= S3PathBench.TARGET);
    }

    private static void liveTargets(TargetTable targets, Optional<LiveBenchResult> live) {
        String p99 = "live p99, SQS -> webhook";
        String p99Target = String.format(Locale.ROOT, "<= %.0f ms", LiveBenchResult.P99_TARGET_MS);
        String first = "live ready -> first alert";
        String firstTarget = String.format(Locale.ROOT, "<= %.0f ms", LiveBenchResult.FIRST_ALERT_TARGET_MS);
        if (live.isEmpty()) {
            targets.skipped(p99, p99Target);
            targets.skipped(first, firstTarget);
            return;
        }
        LiveBenchResult l = live.get();
        targets.measured(p99 + String.format(Locale.ROOT, " at %,d noise/s", l.noiseAsked()),
                l.keptUp() && l.latency().count() > 0
                        ? String.format(Locale.ROOT, "%.0f ms", l.latency().p99()) : "not measured (fell behind)",
                p99Target, l.p99Met());
        targets.measured(first, Double.isNaN(l.firstAlertMs()) ? "none within 60 s"
                : String.format(Locale.ROOT, "%.0f ms", l.firstAlertMs()), firstTarget, l.firstAlertMet());
    }

    @FunctionalInterface
    private interface Timed {
        double seconds() throws Exception;
    }

    private static double best(Timed run) throws Exception {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < RUNS; i++) {
            best = Math.min(best, run.seconds());
        }
        return best;
    }

    private static double gunzip(List<Path> files, int threads) throws Exception {
        return parallel(files, threads, file -> {
            byte[] buffer = new byte[1 << 20];
            long n = 0;
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
                int r;
                while ((r = in.read(buffer)) > 0) {
                    n += r;
                }
            }
            return n;
        });
    }

    private static double parseFilter(List<Path> files, int threads, JsonNode expected) throws Exception {
        AtomicLong relevant = new AtomicLong();
        double seconds = parallel(files, threads, file -> {
            CountingPublisher publisher = new CountingPublisher();
            FileCollector collector = new FileCollector(InputLimits.defaults(), publisher,
                    new CollectorMetrics(new SimpleMeterRegistry()), Clock.systemUTC());
            collector.collectFile(file);
            IngestStats.Snapshot s = collector.stats();
            relevant.addAndGet(publisher.events());
            return s.records();
        });
        if (relevant.get() != expected.path("relevant").asLong()) {
            throw new IllegalStateException("parse+filter kept " + relevant.get() + " events, the generator wrote "
                    + expected.path("relevant").asLong() + " relevant ones");
        }
        return seconds;
    }

    @FunctionalInterface
    private interface PerFile {
        long run(Path file) throws Exception;
    }

    private static double parallel(List<Path> files, int threads, PerFile work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<Long>> results = new ArrayList<>();
            for (Path f : files) {
                results.add(pool.submit(() -> work.run(f)));
            }
            for (Future<Long> r : results) {
                r.get();
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            pool.shutdownNow();
        }
    }
}
