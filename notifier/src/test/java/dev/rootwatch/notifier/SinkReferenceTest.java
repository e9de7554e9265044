package dev.rootwatch.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootwatch.common.config.SinkSettings;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SinkReferenceTest {

    @Test
    void documentsExactlyTheFieldsTheConfigurationAccepts() {
        assertThat(Arrays.stream(SinkField.values()).map(SinkField::key))
                .containsExactlyElementsOf(Arrays.stream(SinkSettings.Sink.class.getRecordComponents()).map(RecordComponent::getName).toList());
    }

    @Test
    void tableHasARowPerTypeAndPerField() {
        String table = SinkReference.markdown();
        for (SinkType type : SinkType.values()) {
            assertThat(table).contains("| `" + type.wireName() + "` | " + type.receiver() + " |");
        }
        for (SinkField field : SinkField.values()) {
            assertThat(table).contains("| `" + field.key() + "` | " + field.appliesTo() + " |");
        }
        assertThat(table).contains("| `pagerduty` |").contains("required: the integration's routing key | yes | 2 |")
                .contains("| `console` |").contains("| - | - | no | unlimited |");
    }

    /** The README carries the table between markers; once it does, it must stay equal to the generated one. */
    @Test
    void readmeSectionMatchesTheCodeWhereTheReadmeHasIt() throws IOException {
        Path readme = Path.of("..", "README.md");
        String start = "<!-- sink-reference:start -->\n";
        String end = "<!-- sink-reference:end -->";
        assertThat(readme).as("the project's README").exists();
        String text = Files.readString(readme);
        assertThat(text).as("the README's sink reference section").contains(start, end);
        String section = text.substring(text.indexOf(start) + start.length(), text.indexOf(end));
        assertThat(section).isEqualTo(SinkReference.markdown());
    }
}
