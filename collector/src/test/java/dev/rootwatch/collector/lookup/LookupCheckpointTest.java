package dev.rootwatch.collector.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rootwatch.common.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LookupCheckpointTest {

    @TempDir
    Path dir;

    @Test
    void aWrittenPositionIsReadBackByTheNextProcess() {
        // Given a checkpoint advanced for one region and name
        Path file = dir.resolve("state/checkpoint.json");
        LookupCheckpoint.Position position = new LookupCheckpoint.Position(Instant.parse("2026-03-14T12:00:00Z"),
                Map.of("e-1", Instant.parse("2026-03-14T11:58:00Z")));
        LookupCheckpoint.open(file).advance("us-east-1", "ConsoleLogin", position);

        // When another process opens the file
        LookupCheckpoint reopened = LookupCheckpoint.open(file);

        // Then it finds the same position, and nothing for other names
        assertThat(reopened.position("us-east-1", "ConsoleLogin")).contains(position);
        assertThat(reopened.position("eu-west-1", "ConsoleLogin")).isEmpty();
        assertThat(dir.resolve("state/checkpoint.json.tmp")).doesNotExist();
    }

    @Test
    void withoutAFileItStartsEmptyAndKeepsPositionsInMemory() {
        LookupCheckpoint memory = LookupCheckpoint.open(null);
        memory.advance("us-east-1", "ConsoleLogin", new LookupCheckpoint.Position(Instant.EPOCH, Map.of()));

        assertThat(memory.position("us-east-1", "ConsoleLogin")).isPresent();
    }

    @Test
    void anUnreadableFileStopsStartUpRatherThanGuessing() throws Exception {
        Path file = dir.resolve("checkpoint.json");
        Files.writeString(file, "{\"schema\":\"rootwatch.lookup-checkpoint/v1\",\"positions\":{");

        assertThatThrownBy(() -> LookupCheckpoint.open(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot be read").hasMessageContaining("collector.lookup.initialLookback");
    }
}
