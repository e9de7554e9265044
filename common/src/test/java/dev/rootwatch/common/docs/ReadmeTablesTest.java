package dev.rootwatch.common.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootwatch.common.config.ConfigReference;
import dev.rootwatch.common.model.AlertTypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's reference tables are generated from the code; this test fails when they drift.
 * Regenerate with {@code ./rootwatch config-reference} (or the methods named below).
 */
class ReadmeTablesTest {

    private static String readme() throws IOException {
        return Files.readString(Path.of("..", "README.md"));
    }

    static String section(String text, String name) {
        String start = "<!-- " + name + ":start -->\n";
        String end = "<!-- " + name + ":end -->";
        int from = text.indexOf(start);
        int to = text.indexOf(end);
        assertThat(from).as("README has the %s section", name).isNotNegative();
        assertThat(to).isGreaterThan(from);
        return text.substring(from + start.length(), to);
    }

    @Test
    void configurationReferenceMatchesTheSettings() throws IOException {
        assertThat(section(readme(), "config-reference")).isEqualTo(ConfigReference.markdown());
    }

    @Test
    void alertTypeTableMatchesTheCatalogue() throws IOException {
        assertThat(section(readme(), "alert-types")).isEqualTo(AlertTypeReference.markdown());
    }
}
