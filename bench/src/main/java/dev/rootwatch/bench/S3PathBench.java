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
 * (its own metric, checked against the corpus). Two rounds on the same files under new keys: the
 * first on a cold JVM, the second warm, as a collector that runs all day reads.
 */
final class S3PathBench {

    static final double TARGET = 200_000;
    private static final String BUCKET = "rootwatch-bench-trail";
    private static final String RECORDS = "rootwatch_collector_records_total";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration ROUND_TIMEOUT = Duration.ofMinutes(10);

    /**
     * @param coldSeconds  first round, from the first notification sent to the last message deleted
     * @param warmSeconds  second round, likewise
     * @param records      records per round (the corpus)
     * @param files        objects per round
     * @param rootwatchCores cores the rootwatch process kept busy in the warm round
     */
    record Result(double coldSeconds, double warmSeconds, long records, int files, double rootwatchCores) {

        double coldPerSecond() {
            return records / coldSeconds;
        }

        double warmPerSecond() {
            return records / warmSeconds;
        }

        List<String> lines() {
            return List.of(
                    "(f) S3 path: S3 notifications (ElasticMQ) -> rootwatch run's collector -> GetObject (local S3 stand-in) -> Kafka,"
                            + " each message deleted after the Kafka ack",
                    String.format(Locale.ROOT, "    %,d objects, %,d records a round; cold (first round): %.2f s, %,.0f records/s;"
                                    + " warm (same files, new keys): %.2f s, %,.0f records/s  target >= 200,000",
                            files, records, coldSeconds, coldPerSecond(), warmSeconds, warmPerSecond()),
                    String.format(Locale.ROOT, "    rootwatch kept %.2f cores busy in the warm round, of %d shared with ElasticMQ and the"
                            + " S3 stand-in", rootwatchCores, Runtime.getRuntime().availableProcessors()));
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
                double cold = round(sqs, queue, files, "cold", metrics, records, rootwatch);
                LiveCpu.Reading cpuBefore = LiveCpu.read(rootwatch.pid());
                double warm = round(sqs, queue, files, "warm", metrics, records, rootwatch);
                double cores = LiveCpu.read(rootwatch.pid()).rootwatchCoresSince(cpuBefore);
                return new Result(cold, warm, records, files.size(), cores);
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
        long scanned = Math.round(now.get(RECORDS) - before.get(RECORDS));
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
