package dev.rootwatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The baseline of issue 8's end-to-end target: {@code bench/python/baseline.py}, a
 * straightforward gzip + full JSON parse filter in Python (standard library, one process), run
 * on the same files as the other measures. The script times itself (interpreter start left
 * out) and prints one JSON line, which this class reads.
 */
public final class PythonBaseline {

    /** What the script reports: CloudTrail records read, relevant ones kept, and its own time. */
    public record Result(long records, long relevant, double seconds, double recordsPerSecond) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PythonBaseline() {
    }

    /**
     * Runs {@code python3 SCRIPT DIR}.
     *
     * @param script the path of {@code baseline.py} (e.g. {@code bench/python/baseline.py})
     * @param dir the directory of CloudTrail log files
     * @return the script's figures; empty if {@code python3} cannot be started
     * @throws IllegalStateException if the script fails or prints no summary line
     */
    public static Optional<Result> run(Path script, Path dir) throws IOException, InterruptedException {
        return run("python3", script, dir);
    }

    /** As {@link #run(Path, Path)}, with another Python interpreter (a name on the PATH or a path). */
    public static Optional<Result> run(String python, Path script, Path dir) throws IOException, InterruptedException {
        if (!Files.isRegularFile(script)) {
            throw new IllegalArgumentException("no Python baseline script at " + script);
        }
        Path stderr = Files.createTempFile("rootwatch-python-baseline", ".err");
        try {
            Process process;
            try {
                process = new ProcessBuilder(List.of(python, script.toString(), dir.toString()))
                        .redirectError(stderr.toFile())
                        .start();
            } catch (IOException notFound) {
                return Optional.empty();
            }
            process.getOutputStream().close();
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IllegalStateException("the Python baseline exited with " + exit + ": "
                        + Files.readString(stderr, StandardCharsets.UTF_8).strip());
            }
            return Optional.of(parse(stdout));
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    /** Reads the last non-empty line of the script's output: its JSON summary. */
    static Result parse(String stdout) throws IOException {
        String[] lines = stdout.strip().split("\\R");
        String last = lines[lines.length - 1].strip();
        if (!last.startsWith("{")) {
            throw new IllegalStateException("the Python baseline printed no JSON summary: " + stdout.strip());
        }
        JsonNode s = MAPPER.readTree(last);
        for (String field : List.of("records", "relevant", "seconds")) {
            if (!s.path(field).isNumber()) {
                throw new IllegalStateException("the Python baseline's summary lacks " + field + ": " + last);
            }
        }
        long records = s.path("records").asLong();
        double seconds = s.path("seconds").asDouble();
        double perSecond = s.path("records_per_second").isNumber() ? s.path("records_per_second").asDouble()
                : seconds > 0 ? records / seconds : 0;
        return new Result(records, s.path("relevant").asLong(), seconds, perSecond);
    }
}
