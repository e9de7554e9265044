package dev.rootwatch.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rootwatch.collector.testing.LocalSqs;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same guarantees when rootwatch outgrows one machine: three KRaft brokers of Apache Kafka's
 * own ({@code kafka.Kafka}) as separate processes on loopback (replication factor 3, min in-sync 2),
 * and two processes each of the collector (SQS), the evaluator and the notifier, all from the
 * packaged jar. While root logins flow, one broker, one evaluator and one notifier are killed with
 * SIGKILL; every alert must still reach the receiver, none under two idempotency keys.
 */
class ClusterReliabilityIT {

    private static final int EVENTS = 120;
    private static final Duration START = Duration.ofMinutes(3);
    private static final Duration DELIVERY = Duration.ofMinutes(4);
    private static final Pattern DEAD_LETTERED = Pattern.compile("dead letter written reason=delivery_failed");

    @TempDir
    Path dir;

    private final List<JavaProcess> processes = new ArrayList<>();

    @Test
    void losingABrokerAnEvaluatorAndANotifierWhileEventsFlowCostsNoPage() throws Exception {
        try (LocalSqs sqs = LocalSqs.start(); RecordingReceiver receiver = RecordingReceiver.start(LiveRig.HMAC_KEY)) {
            // Given three brokers, and two of each service
            String queue = sqs.createQueue("cluster", Duration.ofSeconds(30));
            List<JavaProcess> brokers = startBrokers(3);
            String bootstrap = bootstrapServers;
            Path config = writeConfig(queue, receiver);
            Map<String, String> env = Map.of("ROOTWATCH_KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                    "AWS_ENDPOINT_URL_SQS", sqs.endpoint().toString(), "HOOK_KEY", LiveRig.HMAC_KEY);
            List<Integer> ports = new ArrayList<>();
            List<JavaProcess> evaluators = new ArrayList<>();
            List<JavaProcess> notifiers = new ArrayList<>();
            for (int i = 1; i <= 2; i++) {
                evaluators.add(service("evaluator", i, "dev.rootwatch.evaluator.EvaluatorMain", config, env, ports));
                notifiers.add(service("notifier", i, "dev.rootwatch.notifier.NotifierMain", config, env, ports));
                service("collector", i, "dev.rootwatch.collector.CollectorMain", config, env, ports);
            }
            await().atMost(START).pollInterval(Duration.ofMillis(200))
                    .until(() -> ports.stream().allMatch(JavaProcess::ready));

            // When root logins arrive, five a second, and a broker, an evaluator and a notifier are killed on the way
            List<String> sent = new CopyOnWriteArrayList<>();
            Instant lastKill = null;
            for (int i = 0; i < EVENTS; i++) {
                String eventId = UUID.randomUUID().toString();
                sqs.send(queue, LiveFixtures.eventBridgeRootLogin("30000000000" + (i % 7), eventId));
                sent.add(eventId);
                if (i == 30) {
                    brokers.get(1).kill9();
                } else if (i == 60) {
                    evaluators.get(0).kill9();
                } else if (i == 90) {
                    notifiers.get(0).kill9();
                    lastKill = Instant.now();
                }
                Thread.sleep(200);
            }

            // Then every alert arrives, none under two idempotency keys, none given up
            await().atMost(DELIVERY).pollInterval(Duration.ofMillis(200))
                    .until(() -> DeliveryLedger.allDelivered(sent, receiver.calls()));
            List<RecordingReceiver.Call> calls = receiver.calls();
            Instant last = calls.stream().filter(RecordingReceiver.Call::accepted).map(RecordingReceiver.Call::at)
                    .max(Instant::compareTo).orElseThrow();
            DeliveryLedger ledger = DeliveryLedger.count("cluster-kill-9", "3 brokers (RF 3, min ISR 2), 2 collectors, 2 evaluators,"
                    + " 2 notifiers as processes; `kill -9` of a broker, an evaluator and a notifier while 120 logins arrive",
                    sent, calls, deadLettered(), Duration.between(lastKill, last));
            ReliabilityReport.record(LiveReliabilityIT.SECTION, 7, ledger);
            assertThat(ledger.lost()).as("lost; logs:%n%s", logs()).isZero();
            assertThat(ledger.duplicated()).as("alerts under two idempotency keys").isZero();
            assertThat(ledger.deadLettered()).isZero();
            assertThat(calls).allSatisfy(call -> assertThat(call.signatureValid()).isTrue());
        } finally {
            for (JavaProcess process : processes) {
                process.close();
            }
        }
    }

    private String bootstrapServers;

    /** Formats and starts {@code count} combined broker+controller nodes of Apache Kafka. */
    private List<JavaProcess> startBrokers(int count) throws Exception {
        int[] brokerPorts = new int[count];
        int[] controllerPorts = new int[count];
        for (int i = 0; i < count; i++) {
            brokerPorts[i] = JavaProcess.freePort();
            controllerPorts[i] = JavaProcess.freePort();
        }
        String voters = java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> (i + 1) + "@127.0.0.1:" + controllerPorts[i]).collect(Collectors.joining(","));
        bootstrapServers = java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> "127.0.0.1:" + brokerPorts[i]).collect(Collectors.joining(","));
        String clusterId = Uuid.randomUuid().toString();
        List<JavaProcess> brokers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int node = i + 1;
            Path logs = dir.resolve("broker-" + node);
            Path properties = dir.resolve("broker-" + node + ".properties");
            Files.writeString(properties, """
                    process.roles=broker,controller
                    node.id=%d
                    controller.quorum.voters=%s
                    listeners=PLAINTEXT://127.0.0.1:%d,CONTROLLER://127.0.0.1:%d
                    advertised.listeners=PLAINTEXT://127.0.0.1:%d
                    listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                    controller.listener.names=CONTROLLER
                    inter.broker.listener.name=PLAINTEXT
                    log.dirs=%s
                    default.replication.factor=3
                    min.insync.replicas=2
                    offsets.topic.replication.factor=3
                    transaction.state.log.replication.factor=3
                    transaction.state.log.min.isr=2
                    share.coordinator.state.topic.replication.factor=3
                    share.coordinator.state.topic.min.isr=2
                    auto.create.topics.enable=false
                    group.initial.rebalance.delay.ms=0
                    log.cleaner.dedupe.buffer.size=2097152
                    """.formatted(node, voters, brokerPorts[i], controllerPorts[i], brokerPorts[i], logs), StandardCharsets.UTF_8);
            format(node, clusterId, logs);
            brokers.add(track(JavaProcess.main("384m", "kafka.Kafka", dir, dir.resolve("broker-" + node + ".log"), Map.of(),
                    properties.toString())));
        }
        return brokers;
    }

    private static void format(int node, String clusterId, Path logs) throws Exception {
        try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8)) {
            new Formatter().setPrintStream(quiet).setNodeId(node).setClusterId(clusterId)
                    .addDirectory(logs.toString()).setMetadataLogDirectory(logs.toString())
                    .setControllerListenerName("CONTROLLER").setReleaseVersion(MetadataVersion.latestProduction())
                    .setWriteBootstrapSnapshot(true).run();
        }
    }

    private Path writeConfig(String queue, RecordingReceiver receiver) throws IOException {
        Path config = dir.resolve("rootwatch.yaml");
        Files.writeString(config, """
                kafka:
                  partitions: 3
                  replicationFactor: 3
                http:
                  bindAddress: 127.0.0.1
                collector:
                  sqs:
                    queueUrls: ["%s"]
                    waitTime: 1s
                    visibilityTimeout: 10s
                notifier:
                  console:
                    enabled: false
                  sinks:
                    - name: hook
                      type: webhook
                      url: "%s"
                      secretEnv: HOOK_KEY
                      types: [ROOT_CONSOLE_LOGIN_WITHOUT_MFA]
                """.formatted(queue, receiver.url()), StandardCharsets.UTF_8);
        return config;
    }

    private JavaProcess service(String name, int instance, String mainClass, Path config, Map<String, String> env,
                                List<Integer> ports) {
        int port = JavaProcess.freePort();
        ports.add(port);
        Map<String, String> own = new java.util.HashMap<>(env);
        own.put("ROOTWATCH_HTTP_PORT", Integer.toString(port));
        own.put("ROOTWATCH_DATA_DIR", dir.resolve(name + "-" + instance + "-data").toString());
        return track(JavaProcess.main("256m", mainClass, dir, dir.resolve(name + "-" + instance + ".log"), own,
                "--config", config.toString()));
    }

    private JavaProcess track(JavaProcess process) {
        processes.add(process);
        return process;
    }

    private int deadLettered() {
        int count = 0;
        for (JavaProcess process : processes) {
            Matcher m = DEAD_LETTERED.matcher(process.log());
            while (m.find()) {
                count++;
            }
        }
        return count;
    }

    private String logs() {
        StringBuilder all = new StringBuilder();
        for (JavaProcess process : processes) {
            String log = process.log();
            all.append("---- pid ").append(process.pid()).append(" ----\n")
                    .append(log, Math.max(0, log.length() - 4000), log.length());
        }
        return all.toString();
    }
}
