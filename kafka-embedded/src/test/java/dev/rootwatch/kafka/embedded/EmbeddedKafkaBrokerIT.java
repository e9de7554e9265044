package dev.rootwatch.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void runsTransactionsOnOneNodeAndReleasesItsPortAndDirectoryOnClose() throws Exception {
        // Given a started broker
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        String bootstrap = broker.bootstrapServers();
        Path directory = broker.dataDirectory();
        assertThat(bootstrap).startsWith("127.0.0.1:");
        assertThat(broker.startupTime()).isPositive();

        try {
            // And a topic created through the AdminClient
            String topic = "it.transactions";
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(topic);
            }

            // When one transaction is committed and another aborted by an idempotent transactional producer
            try (KafkaProducer<String, String> producer = transactionalProducer(bootstrap)) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, "111122223333", "committed-1"));
                producer.send(new ProducerRecord<>(topic, "111122223333", "committed-2"));
                producer.commitTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, "111122223333", "aborted"));
                producer.flush();
                producer.abortTransaction();
            }

            // Then a read_committed consumer sees exactly the committed records, in order
            assertThat(readCommitted(bootstrap, topic)).containsExactly("committed-1", "committed-2");
        } finally {
            // When the broker is closed
            broker.close();
        }

        // Then its port is free again and its temporary directory is gone
        int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        assertThat(canBind(port)).isTrue();
        assertThat(directory).doesNotExist();
    }

    @Test
    void keepsTopicsAcrossRestartsInAGivenDataDirectory(@TempDir Path dataDirectory) throws Exception {
        // Given a broker on a kept data directory, with a topic
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(Map.of("num.partitions", "2"), dataDirectory);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, first.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("it.kept", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }

        // When a new broker starts on the same directory
        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start(Map.of(), dataDirectory);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, second.bootstrapServers()))) {
            // Then the topic is still there
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertThat(names).contains("it.kept");
        }

        // And the directory given by the caller is kept
        assertThat(Files.isDirectory(dataDirectory)).isTrue();
    }

    private static KafkaProducer<String, String> transactionalProducer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-" + UUID.randomUUID()),
                new StringSerializer(), new StringSerializer());
    }

    /** Every committed record of {@code topic}: read until the consumer's position reaches the last stable offset. */
    private static List<String> readCommitted(String bootstrap, String topic) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // read_committed: the end offsets are the last stable offsets, past the aborted records and markers
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                assertThat(System.nanoTime()).as("read to the end of %s in time", topic).isLessThan(deadline);
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    private static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
