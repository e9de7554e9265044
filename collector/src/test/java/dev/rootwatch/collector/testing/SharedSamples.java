package dev.rootwatch.collector.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The public CloudTrail samples kept beside the project (shared/cloudtrail-samples), when present. */
public final class SharedSamples {

    private SharedSamples() {
    }

    /** The folder, or null where it is absent (tests then skip). */
    public static Path directory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : List.of(dir.resolve("shared").resolve("cloudtrail-samples"),
                    dir.resolveSibling("shared").resolve("cloudtrail-samples"))) {
                if (Files.isDirectory(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /** The samples whose file names start with one of {@code prefixes}, sorted. */
    public static List<Path> named(Path dir, String... prefixes) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".json"))
                    .filter(p -> Stream.of(prefixes).anyMatch(prefix -> p.getFileName().toString().startsWith(prefix)))
                    .sorted().toList();
        }
    }
}
