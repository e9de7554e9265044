package dev.rootwatch.bench;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.Settings;
import dev.rootwatch.common.kafka.TopicAdmin;
import dev.rootwatch.common.kafka.Topics;
import dev.rootwatch.common.model.Posture;
import dev.rootwatch.common.model.TrailEvent;
import dev.rootwatch.evaluator.EvaluatorService;
import dev.rootwatch.evaluator.EvaluatorSettings;
import dev.rootwatch.evaluator.StreamsOptions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import javax.management.AttributeNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The evaluator as it runs in production: {@link EvaluatorService} with the default settings
 * (live mode, exactly-once, three partitions, one stream thread, persistent RocksDB stores in
 * {@code stateDir}), against a broker elsewhere. The bench feeds it through a producer it opens
 * for one batch of accounts and closes afterwards, so that no producer buffer is left on the heap
 * being measured, and knows the batch is evaluated when the evaluator's own counters say so.
 */
final class EvaluatorStateService implements EvaluatorStateWorkload.Sink, AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(50);

    private final Config config;
    private final Topics topics;
    private final String bootstrapServers;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final EvaluatorService service;
    private Producer<byte[], byte[]> producer;
    private long eventsSent;
    private long posturesSent;

    /** Creates rootwatch's topics where missing and builds the evaluator (not started). */
    EvaluatorStateService(String bootstrapServers, Path stateDir) {
        this.bootstrapServers = bootstrapServers;
        this.config = Config.defaults()
                .with(Settings.KAFKA_BOOTSTRAP_SERVERS, bootstrapServers)
                .with(Settings.EVALUATOR_STATE_DIR, stateDir.toString());
        this.topics = Topics.withPrefix(config.get(Settings.KAFKA_TOPIC_PREFIX));
        createTopics();
        this.service = new EvaluatorService(bootstrapServers, topics, EvaluatorSettings.from(config),
                StreamsOptions.from(config), registry);
    }

    /** The application id: consumer group, state directory and changelog topic prefix. */
    String applicationId() {
        return config.get(Settings.EVALUATOR_APPLICATION_ID);
    }

    /** Starts the evaluator and waits until it runs: partitions assigned, stores open. */
    void start(Duration timeout) {
        service.start();
        try {
            await(timeout, "the evaluator to run", () -> "RUNNING".equals(streamsState()));
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "; its Kafka Streams state: " + streamsState(), e);
        }
    }

    /** Opens the producer the next accounts are sent through. */
    void beginBatch() {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void posture(Posture posture) {
        String topic = topics.posture().name();
        producer.send(new ProducerRecord<>(topic, key(topic, posture.accountId()),
                topics.posture().valueSerde().serializer().serialize(topic, posture)));
        posturesSent++;
    }

    @Override
    public void event(TrailEvent event) {
        String topic = topics.events().name();
        producer.send(new ProducerRecord<>(topic, key(topic, event.accountId()),
                topics.events().valueSerde().serializer().serialize(topic, event)));
        eventsSent++;
    }

    /** Closes the batch's producer and waits until the evaluator has evaluated everything sent. */
    void endBatch(Duration timeout) {
        producer.close();
        producer = null;
        await(timeout, "the evaluator to evaluate every record sent",
                () -> count("rootwatch.evaluator.events") + count("rootwatch.evaluator.postures") >= eventsSent + posturesSent);
    }

    /** Waits a few commit intervals: under exactly-once, what was evaluated is written out at the next commit. */
    void awaitCommit() {
        pause(config.get(Settings.EVALUATOR_COMMIT_INTERVAL).multipliedBy(5));
    }

    long eventsSent() {
        return eventsSent;
    }

    long posturesSent() {
        return posturesSent;
    }

    /** Alerts the evaluator emitted, by {@code "TYPE STATUS"}, from its own counters. */
    Map<String, Long> alertCounts() {
        Map<String, Long> counts = new TreeMap<>();
        for (Counter counter : registry.find("rootwatch.evaluator.alerts").counters()) {
            counts.merge(counter.getId().getTag("type") + " " + counter.getId().getTag("status"),
                    (long) counter.count(), Long::sum);
        }
        return counts;
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close();
        }
        service.close();
    }

    private byte[] key(String topic, String accountId) {
        return topics.events().keySerde().serializer().serialize(topic, accountId);
    }

    private long count(String name) {
        Counter counter = registry.find(name).counter();
        return counter == null ? 0 : (long) counter.count();
    }

    private void createTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            TopicAdmin.createMissing(admin, topics, config.get(Settings.KAFKA_PARTITIONS),
                    config.get(Settings.KAFKA_REPLICATION_FACTOR).shortValue());
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create rootwatch's topics on the bench's broker", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /**
     * The Kafka Streams client's state, as its {@code state} metric reports it over JMX (other
     * stream-metrics beans, without that attribute, are passed over).
     */
    private static String streamsState() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            for (ObjectName name : server.queryNames(new ObjectName("kafka.streams:type=stream-metrics,*"), null)) {
                try {
                    return String.valueOf(server.getAttribute(name, "state"));
                } catch (AttributeNotFoundException e) {
                    // a bean of the same type without the client's state
                }
            }
        } catch (JMException e) {
            return "unreadable (" + e.getClass().getSimpleName() + ")";
        }
        return "not registered";
    }

    private interface Condition {
        boolean holds();
    }

    private static void await(Duration timeout, String what, Condition condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting " + timeout.toSeconds() + " s for " + what);
            }
            pause(POLL);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
