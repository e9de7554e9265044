package dev.rootwatch.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a directory given to replay or the file source yields: its files in path order, nothing hidden. */
class InputFilesTest {

    @TempDir
    Path dir;

    @Test
    void walksADirectoryInPathOrderLeavingOutHiddenFilesAndEverythingUnderHiddenFolders() throws IOException {
        // Given a trail directory with a hidden file, a hidden folder (an editor's or a sync tool's cache) and nested files
        Path trail = Files.createDirectories(dir.resolve("a"));
        Files.writeString(trail.resolve("2.json"), "{}");
        Files.writeString(Files.createDirectories(trail.resolve("b")).resolve("1.json"), "{}");
        Files.writeString(trail.resolve(".partial.json"), "{}");
        Files.writeString(Files.createDirectories(trail.resolve(".cache")).resolve("x"), "{}");
        Files.writeString(Files.createDirectories(trail.resolve(".cache/deeper")).resolve("y.json"), "{}");

        // When it is scanned
        List<Path> files = InputFiles.regularFiles(List.of(trail));

        // Then only the visible files are read, in path order
        assertThat(files).containsExactly(trail.resolve("2.json"), trail.resolve("b/1.json"));
    }

    @Test
    void readsAHiddenDirectoryOrFileThatIsNamedOnTheCommandLine() throws IOException {
        // Given a hidden directory named explicitly
        Path hidden = Files.createDirectories(dir.resolve(".trail"));
        Files.writeString(hidden.resolve("1.json"), "{}");

        // Then it is what the user asked for, and is read
        assertThat(InputFiles.regularFiles(List.of(hidden))).containsExactly(hidden.resolve("1.json"));
    }
}
