package dev.rootwatch.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Benchmark (d) of the performance issue: how long on-call waits for a page while rootwatch
 * sifts a busy organization's CloudTrail, and how much memory {@code rootwatch run} holds
 * meanwhile.
 *
 * <p>ElasticMQ (SQS) and a webhook receiver run in this JVM; the real {@code rootwatch run} runs
 * as its own process, as users start it, with the embedded broker, the SQS source on the bench's
 * queue, posture polling off and a generic webhook sink to the receiver. As soon as its /readyz
 * answers 200, the bench sends one root sign-in and times it to the webhook (ready to first
 * alert, issue 14's target 1 s). Then it sends irrelevant CloudTrail events (200 a second by
 * default, issue 14's load, SendMessageBatch of 10)
 * for the whole measurement, warms the pipeline up with a few alerts for a minute (the JIT compilers
 * keep about half a core busy for that long after the start, see docs/performance.md), then sends
 * root console sign-ins without MFA (20 a second by default), each its own incident, and times
 * each from just before its SendMessage to its alert's arrival at the webhook, split at the alert's
 * detectedAt. The resident set size of the rootwatch process is sampled every second under load.
 *
 * <pre>java -cp ... dev.rootwatch.bench.LiveBench [ROOTWATCH_JAR] [ALERTS]</pre>
 *
 * JVM flags for rootwatch come from {@code ROOTWATCH_JAVA_OPTS}, as for the {@code rootwatch}
 * launcher (default {@code -Xmx512m}); {@code -Dlivebench.noisePerSecond},
 * {@code -Dlivebench.alertsPerSecond} and {@code -Dlivebench.sqsConcurrency} change the load,
 * {@code -Dlivebench.warmUpSeconds} the warm-up (default 60) and {@code -Dlivebench.syncWrites=false}
 * turns the embedded broker's forced writes off, to see what they cost.
 * Exits 1 when an alert was lost or doubled, or when rootwatch fell behind the noise (then no
 * alert is measured: each would only measure the growing backlog).
 */
public final class LiveBench {

    /** The {@code rootwatch} launcher's default when ROOTWATCH_JAVA_OPTS is unset. */
    static final String LAUNCHER_JAVA_OPTS = "-Xmx512m";
    private static final String SECRET_ENV = "LIVEBENCH_WEBHOOK_KEY";
    private static final double WEBHOOK_RATE_LIMIT = 100;
    private static final int WARM_UP_ALERTS = 20;
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration ALERT_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration FIRST_ALERT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(1);
    /** After the last alert arrived, how long the bench keeps listening for a second delivery. */
    private static final Duration DUPLICATE_WATCH = Duration.ofSeconds(3);

    private LiveBench() {
    }

    /**
     * How to run the bench.
     *
     * @param jar             rootwatch.jar
     * @param alerts          measured alerts
     * @param alertsPerSecond their pace
     * @param noisePerSecond  irrelevant CloudTrail events a second, for the whole measurement
     * @param javaOptions     JVM flags of the rootwatch process
     * @param sqsConcurrency  {@code collector.sqs.concurrency} of rootwatch
     * @param warmUp          how long rootwatch runs under the noise before the measured alerts
     * @param syncWrites      {@code kafka.embedded.syncWrites} of rootwatch, or null for its default (on)
     */
    public record Options(Path jar, int alerts, double alertsPerSecond, int noisePerSecond, List<String> javaOptions,
                          int sqsConcurrency, Duration warmUp, Boolean syncWrites) {

        public Options {
            javaOptions = List.copyOf(javaOptions);
            if (alerts < 1 || alertsPerSecond <= 0 || noisePerSecond < 0 || sqsConcurrency < 1) {
                throw new IllegalArgumentException("alerts, their rate and the SQS concurrency must be positive, noise not negative");
            }
        }

        /**
         * Issue 14's load (20 alerts/s under 200 noise events/s) on rootwatch's defaults; JVM flags from
         * ROOTWATCH_JAVA_OPTS like the launcher, the load from {@code livebench.*} system properties.
         */
        public static Options fromEnvironment(Path jar, int alerts) {
            String opts = System.getenv().getOrDefault("ROOTWATCH_JAVA_OPTS", LAUNCHER_JAVA_OPTS).strip();
            return new Options(jar, alerts,
                    Double.parseDouble(System.getProperty("livebench.alertsPerSecond", "20")),
                    Integer.parseInt(System.getProperty("livebench.noisePerSecond", "200")),
                    opts.isEmpty() ? List.of() : Arrays.asList(opts.split("\\s+")),
                    Integer.parseInt(System.getProperty("livebench.sqsConcurrency", "16")),
                    Duration.ofSeconds(Long.parseLong(System.getProperty("livebench.warmUpSeconds", "60"))),
                    System.getProperty("livebench.syncWrites") == null ? null : Boolean.getBoolean("livebench.syncWrites"));
        }
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "standalone/target/rootwatch.jar");
        int alerts = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        if (!Files.isRegularFile(jar)) {
            System.err.println("livebench: " + jar + " not found; build it with mvn -DskipTests package");
            System.exit(2);
        }
        LiveBenchResult result = run(Options.fromEnvironment(jar, alerts), System.out);
        result.lines().forEach(System.out::println);
        if (!result.correct()) {
            System.err.println(result.failure());
            System.exit(1);
        }
    }

    /**
     * Runs the whole measurement and returns what it measured; the rootwatch process is ended and
     * the temporary files deleted whatever happens. Call {@link LiveBenchResult#requireCorrect}
     * to fail on a lost or doubled alert.
     *
     * @param progress where progress lines go (the figures are not printed: see {@link LiveBenchResult#lines})
     */
    public static LiveBenchResult run(Options options, PrintStream progress) throws Exception {
        Path work = Files.createTempDirectory("rootwatch-livebench-");
        // also when the bench is stopped (Ctrl-C) or ElasticMQ gives up on a fatal error and exits the JVM
        Thread cleanUp = new Thread(() -> deleteRecursively(work), "livebench-clean-up");
        Runtime.getRuntime().addShutdownHook(cleanUp);
        byte[] keyBytes = new byte[32];
        new SecureRandom().nextBytes(keyBytes);
        String key = HexFormat.of().formatHex(keyBytes);
        try (LiveSqs sqs = new LiveSqs(); LiveWebhookReceiver receiver = new LiveWebhookReceiver(key)) {
            String queue = sqs.createQueue("rootwatch-livebench");
            int httpPort = freePort();
            Path config = new LiveConfigFile(queue, sqs.endpoint(), options.sqsConcurrency(), receiver.url(), SECRET_ENV,
                    WEBHOOK_RATE_LIMIT, httpPort, options.syncWrites()).write(work.resolve("rootwatch.yaml"));
            Map<String, String> environment = environment(sqs, work, key);
            progress.printf(Locale.ROOT, "livebench: starting rootwatch run (%s), %,d alerts at %.0f/s under %,d noise events/s%n",
                    String.join(" ", options.javaOptions()), options.alerts(), options.alertsPerSecond(), options.noisePerSecond());
            try (LiveRootwatchProcess rootwatch = LiveRootwatchProcess.start(options.jar(), options.javaOptions(), config,
                    environment, work)) {
                Duration ready = rootwatch.awaitReady(httpPort, READY_TIMEOUT);
                progress.printf(Locale.ROOT, "livebench: rootwatch run ready after %.1f s (pid %d)%n", ready.toMillis() / 1e3,
                        rootwatch.pid());
                return load(options, sqs, queue, receiver, rootwatch, httpPort, ready, progress);
            }
        } finally {
            deleteRecursively(work);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanUp);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook does the work
            }
        }
    }

    /** rootwatch's environment: {@link #awsEnvironment} and the webhook's key. */
    private static Map<String, String> environment(LiveSqs sqs, Path work, String webhookKey) {
        Map<String, String> environment = awsEnvironment(sqs, work);
        environment.put(SECRET_ENV, webhookKey);
        return environment;
    }

    /** Made-up credentials and every AWS endpoint on loopback, so nothing rootwatch does can reach AWS. */
    static Map<String, String> awsEnvironment(LiveSqs sqs, Path work) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AWS_REGION", LiveSqs.REGION);
        environment.put("AWS_ACCESS_KEY_ID", LiveSqs.ACCESS_KEY);
        environment.put("AWS_SECRET_ACCESS_KEY", LiveSqs.SECRET_KEY);
        environment.put("AWS_ENDPOINT_URL", sqs.endpoint().toString());
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        environment.put("AWS_CONFIG_FILE", work.resolve("no-aws-config").toString());
        environment.put("AWS_SHARED_CREDENTIALS_FILE", work.resolve("no-aws-credentials").toString());
        return environment;
    }

    private static LiveBenchResult load(Options options, LiveSqs sqs, String queue, LiveWebhookReceiver receiver,
                                        LiveRootwatchProcess rootwatch, int httpPort, Duration ready, PrintStream progress)
            throws Exception {
        LiveEvents events = new LiveEvents();
        LiveAlertProbe first = new LiveAlertProbe(sqs, queue, events, receiver, 200_000_000_000L);
        double firstAlertMs = firstAlert(first, progress);
        LiveRssSampler rss = new LiveRssSampler(rootwatch.pid());
        double rssReadyMb = rss.readKb() / 1024.0;
        LiveAlertProbe warmUp = new LiveAlertProbe(sqs, queue, events, receiver, 300_000_000_000L);
        LiveAlertProbe measured = new LiveAlertProbe(sqs, queue, events, receiver, 400_000_000_000L);
        LiveNoise noise = new LiveNoise(sqs, queue, events, options.noisePerSecond());
        LiveMetrics metrics = new LiveMetrics(httpPort);
        Window window;
        boolean keptUp;
        int backlogAtStart;
        int backlogAtEnd;
        try (rss; noise) {
            noise.start();
            rss.start();
            warmUp(warmUp, options.warmUp(), sqs, queue, rootwatch, progress);
            Window.Start drain = Window.open(metrics, rootwatch);
            backlogAtStart = awaitDrained(sqs, queue, options.noisePerSecond(), progress);
            keptUp = backlogAtStart <= steadyBacklog(options.noisePerSecond());
            if (keptUp) {
                progress.printf(Locale.ROOT, "livebench: measuring %,d alerts (noise so far %,.0f events/s)%n", options.alerts(),
                        noise.sent() / noise.seconds());
                window = measure(measured, options, metrics, rootwatch);
                Thread.sleep(DUPLICATE_WATCH.toMillis());
            } else {
                // every alert would wait behind the backlog, which only grows: its latency would measure the backlog
                progress.println("livebench: rootwatch fell behind the noise; alert latency is not measured");
                window = drain.close(metrics, rootwatch);
            }
            requireAlive(rootwatch);
            backlogAtEnd = sqs.backlog(queue);
        }
        if (noise.failures() > 0) {
            progress.println("livebench: first failed noise batch: " + noise.firstFailure());
        }
        int unexpected = 0;
        for (String id : receiver.eventIds()) {
            if (!first.eventIds().contains(id) && !warmUp.eventIds().contains(id) && !measured.eventIds().contains(id)) {
                unexpected++;
            }
        }
        LiveLatency[] legs = measured.legs();
        return new LiveBenchResult(keptUp, measured.latency(), legs[0], legs[1], firstAlertMs, measured.sentCount(), measured.missing(),
                measured.duplicated(), measured.wrongType(), unexpected, receiver.rejected(), options.noisePerSecond(), noise.sent(),
                noise.seconds(), noise.failures(), backlogAtStart, backlogAtEnd,
                window.after.ratePerSecondSince(window.before, LiveMetrics.SQS_DELETED),
                window.after.meanMillisSince(window.before, LiveMetrics.EVALUATOR_LATENCY),
                window.after.meanMillisSince(window.before, LiveMetrics.DELIVERY_LATENCY),
                window.cpuAfter.rootwatchCoresSince(window.cpuBefore), window.cpuAfter.benchCoresSince(window.cpuBefore),
                window.loadBefore, window.loadAfter, ready.toMillis() / 1e3, rssReadyMb, rss.maxMb(), rss.lastMb(),
                rss.samples(), String.join(" ", options.javaOptions()), rootwatch.jvmFlags(), options.sqsConcurrency(),
                WEBHOOK_RATE_LIMIT, options.warmUp().toSeconds(),
                options.syncWrites() == null ? "default (on)" : options.syncWrites().toString(), Runtime.getRuntime().availableProcessors());
    }

    /**
     * Right after ready, before any noise: one root sign-in, timed from just before its SendMessage to its alert at the
     * webhook; NaN if none arrived within {@link #FIRST_ALERT_TIMEOUT}.
     */
    private static double firstAlert(LiveAlertProbe probe, PrintStream progress) throws InterruptedException {
        probe.sendNow();
        if (!probe.awaitAlerted(FIRST_ALERT_TIMEOUT)) {
            progress.printf(Locale.ROOT, "livebench: no alert for the sign-in sent when ready within %d s%n",
                    FIRST_ALERT_TIMEOUT.toSeconds());
            return Double.NaN;
        }
        double millis = probe.latency().max();
        progress.printf(Locale.ROOT, "livebench: ready -> first alert %.0f ms%n", millis);
        return millis;
    }

    /** A few alerts under noise, all of which must arrive: the JIT, the broker and every connection are warm after it. */
    private static void warmUp(LiveAlertProbe probe, Duration minimum, LiveSqs sqs, String queue, LiveRootwatchProcess rootwatch,
                               PrintStream progress) throws InterruptedException {
        progress.printf(Locale.ROOT, "livebench: warming up with %d alerts under noise, for %d s at least%n", WARM_UP_ALERTS,
                minimum.toSeconds());
        long start = System.nanoTime();
        try (LivePacer pacer = probe.pacer("warm-up", WARM_UP_ALERTS, 2)) {
            pacer.start();
            pacer.awaitDone(1, TimeUnit.MINUTES);
        }
        requireAlive(rootwatch);
        if (!probe.awaitAlerted(ALERT_TIMEOUT)) {
            throw new IllegalStateException("warm-up: " + probe.missing() + " of " + WARM_UP_ALERTS + " alerts did not arrive"
                    + " within " + ALERT_TIMEOUT.toSeconds() + " s; queue backlog " + sqs.backlog(queue) + rootwatch.failureContext());
        }
        long left = minimum.toNanos() - (System.nanoTime() - start);
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    /**
     * Gives rootwatch time to work off what piled up while it warmed up, so the measurement starts
     * from a steady state; returns the backlog it starts from (large when rootwatch cannot keep up).
     */
    private static int awaitDrained(LiveSqs sqs, String queue, int noisePerSecond, PrintStream progress)
            throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        int steady = steadyBacklog(noisePerSecond);
        int backlog = sqs.backlog(queue);
        while (backlog > steady && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            backlog = sqs.backlog(queue);
        }
        progress.printf(Locale.ROOT, "livebench: queue backlog %,d messages%s%n", backlog,
                backlog > steady ? " after " + DRAIN_TIMEOUT.toSeconds() + " s" : "");
        return backlog;
    }

    /** A backlog rootwatch works off within half a second: what keeping up looks like. */
    private static int steadyBacklog(int noisePerSecond) {
        return Math.max(50, noisePerSecond / 2);
    }

    /** Sends the measured alerts and waits for them, with rootwatch's metrics and CPU read on either side. */
    private static Window measure(LiveAlertProbe probe, Options options, LiveMetrics metrics, LiveRootwatchProcess rootwatch)
            throws Exception {
        Window.Start start = Window.open(metrics, rootwatch);
        LivePacer pacer = probe.pacer("alerts", options.alerts(), options.alertsPerSecond());
        try (pacer) {
            pacer.start();
            pacer.awaitDone((long) (options.alerts() / options.alertsPerSecond()) + 120, TimeUnit.SECONDS);
        }
        if (pacer.failures() > 0) {
            throw new IllegalStateException(pacer.failures() + " alert events could not be sent to SQS", pacer.firstFailure());
        }
        probe.awaitAlerted(ALERT_TIMEOUT);
        return start.close(metrics, rootwatch);
    }

    /** rootwatch's metrics, CPU time and the machine's load at the start and the end of a stretch of the run. */
    private record Window(LiveMetrics.Reading before, LiveMetrics.Reading after, LiveCpu.Reading cpuBefore,
                          LiveCpu.Reading cpuAfter, String loadBefore, String loadAfter) {

        static Start open(LiveMetrics metrics, LiveRootwatchProcess rootwatch) throws IOException, InterruptedException {
            return new Start(metrics.read(), LiveCpu.read(rootwatch.pid()), LiveCpu.loadAverage());
        }

        /** The readings at the start of a stretch. */
        record Start(LiveMetrics.Reading metrics, LiveCpu.Reading cpu, String load) {

            Window close(LiveMetrics now, LiveRootwatchProcess rootwatch) throws IOException, InterruptedException {
                return new Window(metrics, now.read(), cpu, LiveCpu.read(rootwatch.pid()), load, LiveCpu.loadAverage());
            }
        }
    }

    private static void requireAlive(LiveRootwatchProcess rootwatch) {
        if (!rootwatch.isAlive()) {
            throw new IllegalStateException("rootwatch run died under load" + rootwatch.failureContext());
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a file still held open: leave it, the rest goes
                }
            });
        } catch (IOException e) {
            // already gone
        }
    }
}
