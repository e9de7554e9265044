package dev.rootwatch.standalone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes one measured section of {@code docs/reliability.md}, between its
 * {@code <!-- name:start -->} and {@code <!-- name:end -->} markers, leaving the rest of the file
 * (other sections, written by other tests or by hand) as it is.
 */
final class ReliabilityDoc {

    private ReliabilityDoc() {
    }

    /** Replaces the section {@code name} of {@code doc} with {@code content}, appending the section when it has none; no file, nothing. */
    static void render(Path doc, String name, String content) throws IOException {
        if (!Files.isRegularFile(doc)) {
            return;
        }
        String start = "<!-- " + name + ":start -->\n";
        String end = "<!-- " + name + ":end -->";
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        int from = text.indexOf(start);
        int to = text.indexOf(end);
        String section = start + content + (content.endsWith("\n") ? "" : "\n") + end;
        String rendered = from >= 0 && to > from
                ? text.substring(0, from) + section + text.substring(to + end.length())
                : text + (text.endsWith("\n") ? "\n" : "\n\n") + section + "\n";
        Files.writeString(doc, rendered, StandardCharsets.UTF_8);
    }
}
