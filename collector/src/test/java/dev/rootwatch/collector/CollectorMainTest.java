package dev.rootwatch.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CollectorMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return CollectorMain.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void theServiceRequiresAKafkaCluster() {
        int code = run(Map.of());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("kafka.bootstrapServers is required");
    }

    @Test
    void unknownSettingsStopStartUpWithTheirName() {
        int code = run(Map.of("ROOTWATCH_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092", "ROOTWATCH_COLLECTOR_SQS_QUEUE", "x"));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("ROOTWATCH_COLLECTOR_SQS_QUEUE");
    }

    @Test
    void printsItsUsage() {
        assertThat(run(Map.of(), "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--config FILE");
        assertThat(run(Map.of(), "--bogus")).isEqualTo(2);
    }
}
