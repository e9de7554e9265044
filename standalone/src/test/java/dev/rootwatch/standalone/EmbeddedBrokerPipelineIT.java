package dev.rootwatch.standalone;

import dev.rootwatch.kafka.embedded.EmbeddedKafkaBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The pipeline contract on the in-process KRaft broker (no Docker needed). */
class EmbeddedBrokerPipelineIT extends PipelineContract {

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Override
    protected String bootstrapServers() {
        return broker.bootstrapServers();
    }
}
