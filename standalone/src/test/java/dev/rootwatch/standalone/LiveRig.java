package dev.rootwatch.standalone;

import static org.awaitility.Awaitility.await;

import dev.rootwatch.collector.testing.LocalSqs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a fault scenario of {@code rootwatch run} stands on, all real and outside rootwatch: an SQS
 * server (ElasticMQ) with one queue of EventBridge root console logins, a webhook receiver that
 * records and verifies every call, and the configuration a user would write for them. Each
 * {@link #start()} runs the packaged jar in its own process on the same data directory, so a restart
 * is a restart.
 */
final class LiveRig implements AutoCloseable {

    static final String HMAC_KEY = "reliability-hmac-key";
    private static final Pattern DEAD_LETTERED = Pattern.compile("dead letter written reason=delivery_failed");

    private final Path dir;
    private final LocalSqs sqs;
    private final String queue;
    private final RecordingReceiver receiver;
    private final int httpPort;
    private final Path config;
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final List<JavaProcess> processes = new ArrayList<>();
    private int accountSequence;

    /**
     * @param sink extra YAML lines of the webhook sink entry (e.g. {@code rateLimitPerSecond: 2}), indented by 6
     */
    LiveRig(Path dir, String sink) {
        this(dir, sink, "ROOT_CONSOLE_LOGIN_WITHOUT_MFA");
    }

    /**
     * @param sink  extra YAML lines of the webhook sink entry, indented by 6
     * @param types the alert types the webhook sink takes, comma-separated
     */
    LiveRig(Path dir, String sink, String types) {
        this.dir = dir;
        this.sqs = LocalSqs.start();
        this.queue = sqs.createQueue("reliability", Duration.ofSeconds(30));
        this.receiver = RecordingReceiver.start(HMAC_KEY);
        this.httpPort = JavaProcess.freePort();
        this.config = dir.resolve("rootwatch.yaml");
        try {
            Files.writeString(config, """
                    kafka:
                      partitions: 3
                    data:
                      dir: "%s"
                    http:
                      port: %d
                      bindAddress: 127.0.0.1
                    collector:
                      sqs:
                        queueUrls: ["%s"]
                        waitTime: 1s
                        visibilityTimeout: 10s
                    notifier:
                      drainTimeout: 5s
                      console:
                        enabled: false
                      sinks:
                        - name: hook
                          type: webhook
                          url: "%s"
                          secretEnv: HOOK_KEY
                          types: [%s]
                    """.formatted(dir.resolve("data"), httpPort, queue, receiver.url(), types) + sink, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code rootwatch run} on this rig's configuration and data directory. */
    JavaProcess start() {
        int n = processes.size() + 1;
        JavaProcess process = JavaProcess.rootwatch(dir, dir.resolve("run-" + n + ".log"),
                Map.of("AWS_ENDPOINT_URL_SQS", sqs.endpoint().toString(), "HOOK_KEY", HMAC_KEY,
                        "JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + tmp()),
                "run", "--config", config.toString());
        processes.add(process);
        return process;
    }

    /** The temporary directory the processes are given: nothing of rootwatch's may be left in it. */
    Path tmp() {
        Path tmp = dir.resolve("tmp");
        try {
            return Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The processes started so far, in order. */
    List<JavaProcess> processes() {
        return List.copyOf(processes);
    }

    int httpPort() {
        return httpPort;
    }

    RecordingReceiver receiver() {
        return receiver;
    }

    LocalSqs sqs() {
        return sqs;
    }

    String queue() {
        return queue;
    }

    /** Sends {@code count} root console logins without MFA, one message each, spread over seven accounts. */
    List<String> sendLogins(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String eventId = UUID.randomUUID().toString();
            String account = "20000000000" + (accountSequence++ % 7);
            sqs.send(queue, LiveFixtures.eventBridgeRootLogin(account, eventId));
            sent.add(eventId);
            ids.add(eventId);
        }
        return ids;
    }

    /** Every event sent so far. */
    List<String> sent() {
        return List.copyOf(sent);
    }

    boolean allDelivered() {
        return DeliveryLedger.allDelivered(sent, receiver.calls());
    }

    /** Waits until every event sent has its alert at the receiver; else fails naming what is missing, with the logs. */
    void awaitAllDelivered(Duration timeout) {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(this::allDelivered);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            java.util.Set<String> arrived = new java.util.HashSet<>();
            receiver.calls().stream().filter(RecordingReceiver.Call::accepted).forEach(c -> arrived.addAll(c.eventIds()));
            List<String> missing = sent.stream().filter(id -> !arrived.contains(id)).toList();
            throw new AssertionError("%d of %d alerts not delivered within %s: %s; queue left %d, in flight %d; receiver calls %d%n%s"
                    .formatted(missing.size(), sent.size(), timeout, missing, sqs.messagesLeft(queue), sqs.messagesInFlight(queue),
                            receiver.calls().size(), lastOf(logs(), 40_000)), e);
        }
    }

    void awaitReady(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(20)).until(() -> JavaProcess.ready(httpPort));
    }

    /** Alerts the evaluator emitted, as the running process's {@code /metrics} says. */
    double alertsEmitted() {
        Matcher m = Pattern.compile("(?m)^rootwatch_evaluator_alerts_total\\{[^}]*type=\"root_console_login_without_mfa\"[^}]*} (\\S+)$")
                .matcher(JavaProcess.metrics(httpPort));
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    /** Dead letters of undeliverable alerts, over every process of the scenario (from their logs). */
    int deadLettered() {
        int count = 0;
        for (JavaProcess process : processes) {
            Matcher m = DEAD_LETTERED.matcher(process.log());
            while (m.find()) {
                count++;
            }
        }
        return count;
    }

    private static String lastOf(String text, int chars) {
        return text.length() > chars ? "..." + text.substring(text.length() - chars) : text;
    }

    /** Every process's log, for failure messages. */
    String logs() {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < processes.size(); i++) {
            all.append("---- run ").append(i + 1).append(" ----\n").append(processes.get(i).log());
        }
        return all.toString();
    }

    /** Directories rootwatch left in the temporary directory its processes were given. */
    List<Path> leftInTmp() throws IOException {
        try (var files = Files.list(tmp())) {
            return files.filter(p -> p.getFileName().toString().startsWith("rootwatch")).toList();
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (JavaProcess process : processes) {
            process.close();
        }
        receiver.close();
        sqs.close();
    }
}
