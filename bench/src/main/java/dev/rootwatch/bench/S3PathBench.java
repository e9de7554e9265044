package dev.rootwatch.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Benchmark (f) of the performance issue: the live collector reading CloudTrail log objects named
 * by S3 notifications, as a trail's bucket delivers them.
 *
 * <p>{@code rootwatch run} runs as its own process (embedded broker, SQS source, a file sink),
 * ElasticMQ and a local S3 stand-in ({@link S3Standin}, serving the corpus's gzip files) in the
 * bench's JVM. Once rootwatch is ready, the bench enqueues one S3 ObjectCreated notification per
 * file and times from the first send until rootwatch has deleted every message, which it does only
 * after the Kafka ack of what the object held; records/s counts the records its collector scanned
 * (its own metric, checked against the corpus). Rounds on the same files under new keys
 * ({@code -Ds3bench.rounds}, default 7, about 90 s of load): the first on a cold JVM, the last
 * warm, as a collector that runs all day reads. A second round still finds the JIT compiling the
 * S3 client's and the HTTP stack's code (about 6 s of the compilers' CPU in a 14 s round), and
 * each round is faster than the one before up to about the sixth, so the warm figure is the last
 * round's; every round's figure is printed, the cold one in the closing table too.
 */
final class S3PathBench {

    static final double TARGET = 200_000;
    private static final int ROUNDS = 7;
    private static final String BUCKET = "rootwatch-bench-trail";
    private static final String RECORDS = "rootwatch_collector_records_total";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration ROUND_TIMEOUT = Duration.ofMinutes(10);

    /**
     * @param roundSeconds   each round, from the first notification sent to the last message deleted; the first cold
     * @param records        records per round (the corpus)
     * @param files          objects per round
     * @param rootwatchCores cores the rootwatch process kept busy in the last round
     * @param jitCores       of those, cores its JIT compiler threads kept busy
     */
    record Result(List<Double> roundSeconds, long records, int files, double rootwatchCores, double jitCores) {

        double coldPerSecond() {
            return records / roundSeconds.get(0);
        }

        double warmPerSecond() {
            return records / roundSeconds.get(roundSeconds.size() - 1);
        }

        List<String> lines() {
            StringBuilder rounds = new StringBuilder();
            for (double seconds : roundSeconds) {
                rounds.append(rounds.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f s (%,.0f/s)", seconds, records / seconds));
            }
            return List.of(
                    "(f) S3 path: S3 notifications (ElasticMQ) -> rootwatch run's collector -> GetObject (local S3 stand-in) -> Kafka,"
                            + " each message deleted after the Kafka ack",
                    String.format(Locale.ROOT, "    %,d objects, %,d records a round, same files under new keys; rounds: %s", files, records,
                            rounds),
                    String.format(Locale.ROOT, "    cold (first round) %,.0f records/s; warm (last round) %,.0f records/s  target >= 200,000",
                            coldPerSecond(), warmPerSecond()),
                    String.format(Locale.ROOT, "    rootwatch kept %.2f cores busy in the last round (its JIT compilers %.2f), of %d shared with"
                            + " ElasticMQ and the S3 stand-in", rootwatchCores, jitCores, Runtime.getRuntime().availableProcessors()));
        }
    }

    private S3PathBench() {
    }

    /** {@code java -cp ... dev.rootwatch.bench.S3PathBench DIR RECORDS [ROOTWATCH_JAR]}: (f) alone, on a generated corpus. */
    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 2 ? args[2] : "standalone/target/rootwatch.jar");
        run(jar, LiveBench.Options.fromEnvironment(jar, 1).javaOptions(), Path.of(args[0]), Long.parseLong(args[1]), System.out)
                .lines().forEach(System.out::println);
    }

    static Result run(Path jar, List<String> javaOptions, Path corpus, long records, PrintStream progress) throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(corpus)) {
            files = walk.filter(p -> p.getFileName().toString().endsWith(".json.gz")).sorted().toList();
        }
        Path work = Files.createTempDirectory("rootwatch-s3bench-");
        try (LiveSqs sqs = new LiveSqs(); S3Standin s3 = new S3Standin(files)) {
            String queue = sqs.createQueue("rootwatch-s3bench");
            int httpPort = LiveBench.freePort();
            Path config = Files.writeString(work.resolve("rootwatch.yaml"), String.join("\n",
                    LiveConfigFile.head("S3 path bench", httpPort, queue, sqs.endpoint()),
                    "  s3:",
                    "    endpoint: " + LiveConfigFile.quoted(s3.endpoint().toString()),
                    "    forcePathStyle: true",
                    "notifier:",
                    "  console:",
                    "    enabled: false",
                    "  file:",
                    "    path: " + LiveConfigFile.quoted(work.resolve("alerts.jsonl").toString()),
                    ""), StandardCharsets.UTF_8);
            progress.printf(Locale.ROOT, "s3bench: starting rootwatch run (%s), %,d objects a round%n", String.join(" ", javaOptions),
                    files.size());
            try (LiveRootwatchProcess rootwatch = LiveRootwatchProcess.start(jar, javaOptions, config,
                    LiveBench.awsEnvironment(sqs, work), work)) {
                rootwatch.awaitReady(httpPort, READY_TIMEOUT);
                LiveMetrics metrics = new LiveMetrics(httpPort);
                int rounds = Math.max(2, Integer.getInteger("s3bench.rounds", ROUNDS));
                List<Double> seconds = new ArrayList<>();
                for (int i = 1; i < rounds; i++) {
                    seconds.add(round(sqs, queue, files, "round" + i, metrics, records, rootwatch));
                }
                LiveCpu.Reading cpuBefore = LiveCpu.read(rootwatch.pid());
                Duration jitBefore = JitCpu.of(rootwatch.pid());
                long lastStarted = System.nanoTime();
                seconds.add(round(sqs, queue, files, "round" + rounds, metrics, records, rootwatch));
                double jitCores = JitCpu.of(rootwatch.pid()).minus(jitBefore).toNanos() / (double) (System.nanoTime() - lastStarted);
                double cores = LiveCpu.read(rootwatch.pid()).rootwatchCoresSince(cpuBefore);
                return new Result(List.copyOf(seconds), records, files.size(), cores, jitCores);
            }
        } finally {
            LiveBench.deleteRecursively(work);
        }
    }

    /** Enqueues one notification per file (keys under {@code round}) and waits until rootwatch deleted them all. */
    private static double round(LiveSqs sqs, String queue, List<Path> files, String round, LiveMetrics metrics, long records,
                                LiveRootwatchProcess rootwatch) throws Exception {
        LiveMetrics.Reading before = metrics.read();
        double deletedBefore = before.get(LiveMetrics.SQS_DELETED);
        List<String> bodies = new ArrayList<>();
        for (Path file : files) {
            bodies.add(notification(S3Standin.key(round, file.getFileName().toString())));
        }
        long started = System.nanoTime();
        for (int i = 0; i < bodies.size(); i += 10) {
            sqs.sendBatch(queue, bodies.subList(i, Math.min(bodies.size(), i + 10)));
        }
        long deadline = started + ROUND_TIMEOUT.toNanos();
        LiveMetrics.Reading now = before;
        while (now.get(LiveMetrics.SQS_DELETED) - deletedBefore < files.size()) {
            if (System.nanoTime() > deadline || !rootwatch.isAlive()) {
                throw new IllegalStateException("s3bench: " + round + " round: " + (long) (now.get(LiveMetrics.SQS_DELETED) - deletedBefore)
                        + " of " + files.size() + " messages deleted" + rootwatch.failureContext());
            }
            // every 100 ms: a scrape costs rootwatch CPU too, and a round takes seconds
            Thread.sleep(100);
            now = metrics.read();
        }
        double seconds = (now.nanos() - started) / 1e9;
        // counted from a scrape taken after the last delete: one scrape reads its counters one after the other, so the
        // one that saw the last delete may have read the records counter before the last files' records were added
        long scanned = Math.round(metrics.read().get(RECORDS) - before.get(RECORDS));
        if (scanned != records) {
            throw new IllegalStateException("s3bench: " + round + " round: rootwatch scanned " + scanned + " records, the corpus holds "
                    + records);
        }
        return seconds;
    }

    /** An S3 ObjectCreated notification of one object, its key URL-encoded as S3 sends it. */
    private static String notification(String key) {
        return "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"awsRegion\":\"" + LiveSqs.REGION + "\","
                + "\"eventTime\":\"" + Instant.now() + "\",\"eventName\":\"ObjectCreated:Put\","
                + "\"s3\":{\"s3SchemaVersion\":\"1.0\",\"bucket\":{\"name\":\"" + BUCKET + "\",\"arn\":\"arn:aws:s3:::" + BUCKET + "\"},"
                + "\"object\":{\"key\":\"" + key + "\",\"size\":1}}}]}";
    }
}
