package dev.rootwatch.standalone;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** The pipeline contract on a Kafka broker in a container; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerBrokerPipelineIT extends PipelineContract {

    /** The same image docker-compose.yml pins. */
    static final String KAFKA_IMAGE = "apache/kafka:4.1.1";

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer(KAFKA_IMAGE);

    @Override
    protected String bootstrapServers() {
        return KAFKA.getBootstrapServers();
    }
}
