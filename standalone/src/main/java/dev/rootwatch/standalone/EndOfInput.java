package dev.rootwatch.standalone;

import dev.rootwatch.common.json.JsonSerde;
import dev.rootwatch.common.kafka.Topics;
import dev.rootwatch.common.model.Watermark;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Ends a batch input (replay, demo): an end-of-input watermark on every partition of the events
 * topic, after everything else, so the evaluator moves event time past every open window and
 * grace and concludes what waits for stragglers.
 */
final class EndOfInput {

    private EndOfInput() {
    }

    static void send(String bootstrapServers, Topics topics) throws ExecutionException, InterruptedException {
        JsonSerde<Watermark> serde = new JsonSerde<>(Watermark.class);
        byte[] value = serde.serialize(topics.events().name(), Watermark.endOfInput());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new ByteArraySerializer(), new ByteArraySerializer())) {
            // stamped after every input record, so the evaluator takes it last in each task
            long timestamp = System.currentTimeMillis() + 60_000;
            for (PartitionInfo p : producer.partitionsFor(topics.events().name())) {
                producer.send(new ProducerRecord<>(topics.events().name(), p.partition(), timestamp, null, value)).get();
            }
        }
    }
}
