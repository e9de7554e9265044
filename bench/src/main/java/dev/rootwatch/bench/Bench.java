package dev.rootwatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rootwatch.collector.CollectorMetrics;
import dev.rootwatch.collector.FileCollector;
import dev.rootwatch.collector.IngestStats;
import dev.rootwatch.common.cloudtrail.InputLimits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
 * cores; (c) end-to-end {@code rootwatch replay} as a separate process, JVM and broker start-up
 * included, beside the straightforward Python baseline; (d) alert latency from an SQS message to the
 * webhook under CloudTrail noise ({@link LiveBench}). Prints the figures and the ratios (b)/(a)
 * and (c)/(a).
 *
 * <pre>java -cp ... dev.rootwatch.bench.Bench DIR [RECORDS] [ROOTWATCH_JAR]</pre>
 *
 * {@code -Dbench.skipPython=true} and {@code -Dbench.skipLive=true} leave those parts out;
 * {@code -Dbench.alerts=N} sets (d)'s alert count, {@code -Dlivebench.*} its load.
 */
public final class Bench {

    private static final int RUNS = 3;

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/bench-cloudtrail");
        long records = args.length > 1 ? Long.parseLong(args[1]) : 2_000_000L;
        Path jar = Path.of(args.length > 2 ? args[2] : "standalone/target/rootwatch.jar");
        int cores = Runtime.getRuntime().availableProcessors();

        Path expectedFile = CloudTrailGenerator.expectedFile(dir);
        if (!Files.exists(expectedFile) || new ObjectMapper().readTree(expectedFile.toFile()).path("records").asLong() != records) {
            System.out.printf(Locale.ROOT, "generating %,d records into %s ...%n", records, dir);
            new CloudTrailGenerator(42, 1).write(dir, records, 2000);
        }
        JsonNode expected = new ObjectMapper().readTree(expectedFile.toFile());
        List<Path> files = FileCollector.expand(List.of(dir));
        long compressed = 0;
        for (Path f : files) {
            compressed += Files.size(f);
        }
        long raw = expected.path("uncompressedBytes").asLong();
        System.out.printf(Locale.ROOT, "input: %d files, %,d records, %.1f MB gzip, %.1f MB uncompressed, %d relevant; %d cores%n",
                files.size(), records, compressed / 1e6, raw / 1e6, expected.path("relevant").asLong(), cores);

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

        if (!Files.exists(jar)) {
            System.out.println("(c), (d) skipped: " + jar + " not built (mvn -DskipTests package)");
            return;
        }
        double replay = replay(jar, dir, expected);
        System.out.printf(Locale.ROOT, "(c) rootwatch replay, end to end:        %8.0f MB/s  %,10.0f records/s  (c)/(a) = %.2f  (%.1f s)"
                + "  target >= 250,000 records/s%n", raw / replay / 1e6, records / replay, inflate / replay, replay);
        Optional<PythonBaseline.Result> python = Boolean.getBoolean("bench.skipPython") ? Optional.empty()
                : PythonBaseline.run(Path.of("bench/python/baseline.py"), dir);
        if (python.isPresent()) {
            PythonBaseline.Result py = python.get();
            if (py.relevant() != expected.path("relevant").asLong()) {
                throw new IllegalStateException("the Python baseline kept " + py.relevant() + " events, the generator wrote "
                        + expected.path("relevant").asLong());
            }
            System.out.printf(Locale.ROOT, "    Python baseline (gzip + json.load):     %,10.0f records/s  replay / Python = %.1f  target >= 4%n",
                    py.recordsPerSecond(), records / replay / py.recordsPerSecond());
        } else {
            System.out.println("    Python baseline skipped (no python3, or -Dbench.skipPython=true)");
        }

        if (Boolean.getBoolean("bench.skipLive")) {
            System.out.println("(d) skipped (-Dbench.skipLive=true)");
            return;
        }
        int alerts = Integer.getInteger("bench.alerts", 1000);
        LiveBenchResult live = LiveBench.run(LiveBench.Options.fromEnvironment(jar, alerts), System.out);
        live.lines().forEach(System.out::println);
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

    private static double replay(Path jar, Path dir, JsonNode expected) throws IOException, InterruptedException {
        Path out = Files.createTempFile("rootwatch-bench", ".jsonl");
        long start = System.nanoTime();
        Process p = new ProcessBuilder("java", "-Xmx1g", "-jar", jar.toString(), "replay", "--alerts-out", out.toString(),
                dir.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String summary = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        int exit = p.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        JsonNode s = new ObjectMapper().readTree(summary.isEmpty() ? "{}" : summary);
        if (exit != 0 || s.path("relevant").asLong() != expected.path("relevant").asLong()) {
            throw new IllegalStateException("replay failed or miscounted: exit " + exit + ", summary " + summary);
        }
        System.out.println("    replay summary: " + summary);
        Files.deleteIfExists(out);
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
