package dev.rootwatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * One {@code rootwatch replay} as users run it: through the repository's launcher script
 * ({@code ./rootwatch}, which adds the class-data sharing archive the build recorded and, with
 * {@code ROOTWATCH_JAVA_OPTS} unset, {@code -Xmx512m}), timed from start to exit, with the peak
 * resident set size of the process sampled every 100 ms (the launcher {@code exec}s java, so its
 * pid is the JVM's). The one-line JSON summary on standard output must count the relevant events
 * the input holds.
 */
final class ReplayRun {

    /** What the bench reports of the JVM options: the launcher's default, as {@code ROOTWATCH_JAVA_OPTS} is unset. */
    static final String JAVA_OPTIONS = "ROOTWATCH_JAVA_OPTS unset: " + LiveBench.LAUNCHER_JAVA_OPTS;
    private static final Duration RSS_PERIOD = Duration.ofMillis(100);
    /** Timed runs in which the launcher rebuilt rootwatch (the sources changed under the bench) are run again, this often. */
    private static final int REBUILD_RETRIES = 2;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * @param seconds   start to exit, JVM start and stop included
     * @param records   CloudTrail records the summary counts
     * @param peakRssMb largest resident set size sampled; NaN when /proc gave none
     * @param summary   the summary line
     */
    record Result(double seconds, long records, double peakRssMb, String summary) {

        double recordsPerSecond() {
            return records / seconds;
        }
    }

    private final Path launcher;

    /** @param launcher the launcher script, relative to the working directory (the repository root) or absolute */
    ReplayRun(Path launcher) {
        this.launcher = launcher;
    }

    /** The launcher as a command: a bare name is run from the working directory ({@code ./rootwatch}), not looked up on the PATH. */
    String command() {
        return launcher.isAbsolute() || launcher.getNameCount() > 1 ? launcher.toString() : "./" + launcher;
    }

    /** Whether the launcher will add the class-data sharing archive (it does when the archive is newer than the jar). */
    String classDataSharing() throws IOException {
        Path target = launcher.toAbsolutePath().resolveSibling("standalone").resolve("target");
        Path archive = target.resolve("rootwatch.jsa");
        Path jar = target.resolve("rootwatch.jar");
        boolean used = Files.isRegularFile(archive) && Files.isRegularFile(jar)
                && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0;
        return used ? "CDS archive in use" : "no CDS archive (standalone/target/rootwatch.jsa missing or older than the jar)";
    }

    /** Runs {@code ./rootwatch --help} untimed: the launcher rebuilds rootwatch here, not in a timed run, if the sources changed. */
    void check() throws IOException, InterruptedException {
        Process p = builder("--help").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int exit = p.waitFor();
        if (exit != 0) {
            throw new IllegalStateException(command() + " --help exited with " + exit);
        }
    }

    /**
     * Replays {@code input} (a directory or a file) once. A run in which the launcher rebuilt rootwatch first (the
     * sources changed while the bench ran) timed the build: it is discarded and run again, at most twice.
     *
     * @param expectedRelevant the relevant events the input holds; the summary must say as many
     * @throws IllegalStateException if the replay fails, miscounts, or the launcher rebuilt rootwatch every time
     */
    Result run(Path input, long expectedRelevant) throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            Optional<Result> result = runOnce(input, expectedRelevant);
            if (result.isPresent()) {
                return result.get();
            }
            if (attempt == REBUILD_RETRIES) {
                throw new IllegalStateException("the launcher rebuilt rootwatch in " + (attempt + 1) + " timed replays in a row"
                        + " (the sources keep changing); run the bench again");
            }
            System.out.println("    (the launcher rebuilt rootwatch first: the sources changed; that run is discarded)");
        }
    }

    /** One timed replay; empty when the launcher rebuilt rootwatch first. */
    private Optional<Result> runOnce(Path input, long expectedRelevant) throws IOException, InterruptedException {
        Path out = Files.createTempFile("rootwatch-bench", ".jsonl");
        Path err = Files.createTempFile("rootwatch-bench", ".err");
        try {
            long start = System.nanoTime();
            Process p = builder("replay", "--alerts-out", out.toString(), input.toString())
                    .redirectError(err.toFile()).start();
            p.getOutputStream().close();
            LiveRssSampler rss = new LiveRssSampler(p.pid(), RSS_PERIOD);
            String summary;
            int exit;
            try (rss) {
                rss.start();
                summary = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                exit = p.waitFor();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            if (stderr.contains("rootwatch: building")) {
                return Optional.empty();
            }
            JsonNode s = MAPPER.readTree(summary.isEmpty() ? "{}" : summary);
            if (exit != 0 || s.path("relevant").asLong(-1) != expectedRelevant) {
                throw new IllegalStateException("replay of " + input + " failed or miscounted (expected " + expectedRelevant
                        + " relevant): exit " + exit + ", summary " + summary + tail(stderr));
            }
            return Optional.of(new Result(seconds, s.path("records").asLong(), rss.samples() > 0 ? rss.maxMb() : Double.NaN,
                    summary));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The launcher with {@code args}, in the working directory, with the launcher's default JVM options. */
    private ProcessBuilder builder(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = command();
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("ROOTWATCH_JAVA_OPTS");
        return builder;
    }

    private static String tail(String stderr) {
        String s = stderr.strip();
        return s.isEmpty() ? "" : "; stderr ends: " + s.substring(Math.max(0, s.length() - 2000));
    }
}
