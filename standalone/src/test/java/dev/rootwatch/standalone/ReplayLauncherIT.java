package dev.rootwatch.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootwatch.common.model.Alert;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./rootwatch replay} as users run it, through the launcher and its replay-only JVM flags
 * (serial collector, small young generation, C2 for the sifting pass alone, no profiles in C1's code)
 * and RocksDB's native library taken out of its jar at build time: the flags must never stop the JVM
 * from starting when a user names a collector of their own, nothing the JVM says may reach standard
 * output (the summary's), and the alerts must not depend on the collector or on which gzip
 * decompressor read the files.
 */
class ReplayLauncherIT {

    private static final Path TOP = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    /** The demo scenario's files, every one gzip (CloudTrail delivers gzip), in {@code input/}. */
    private Path gzipInput() throws IOException {
        Path plain = Files.createDirectories(dir.resolve("plain"));
        DemoScenarioAlerts.copyInto(plain);
        Path input = Files.createDirectories(dir.resolve("input"));
        try (Stream<Path> files = Files.list(plain)) {
            for (Path file : files.sorted().toList()) {
                ByteArrayOutputStream gz = new ByteArrayOutputStream();
                try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                    out.write(Files.readAllBytes(file));
                }
                Files.write(input.resolve(file.getFileName() + ".gz"), gz.toByteArray());
            }
        }
        return input;
    }

    /** What a replay printed: standard output's lines and standard error. */
    private record Run(List<String> stdout, String stderr) {
        /** The line -XX:+PrintCommandLineFlags printed. */
        String flags() {
            return stderr.lines().filter(line -> line.startsWith("-XX:")).findFirst().orElseThrow();
        }
    }

    /** Runs the launcher; returns what it printed, after asserting exit 0. */
    private Run replay(String javaOptions, String libdeflate, Path input, Path alerts) throws Exception {
        Path stdout = dir.resolve("stdout-" + alerts.getFileName());
        Path stderr = dir.resolve("stderr-" + alerts.getFileName());
        ProcessBuilder builder = new ProcessBuilder(TOP.resolve("rootwatch").toString(), "replay", "--alerts-out", alerts.toString(),
                input.toString()).directory(TOP.toFile()).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().put("ROOTWATCH_JAVA_OPTS", javaOptions);
        builder.environment().put("ROOTWATCH_COLLECTOR_LIBDEFLATE", libdeflate);
        builder.environment().put("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("tmp")));
        Process process = builder.start();
        boolean ended = process.waitFor(3, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly();
        }
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        assertThat(ended).as("replay ended; stderr:%n%s", err).isTrue();
        assertThat(process.exitValue()).as("exit code; stderr:%n%s", err).isZero();
        return new Run(Files.readAllLines(stdout, StandardCharsets.UTF_8), err);
    }

    @Test
    void aReplayRunsOnTheLaunchersCollectorOrTheOneTheUserNamesWithTheSameAlerts() throws Exception {
        // Given the demo scenario as gzip log files, and the launcher beside the jar this build packaged
        assertThat(TOP.resolve("rootwatch")).isExecutable();
        Path input = gzipInput();

        // When it is replayed with the launcher's flags and libdeflate, then with G1 named by the user and the JDK's zlib
        // (-XX:+PrintCommandLineFlags prints the flags the JVM settled on)
        // (-Xlog:library the native libraries it loaded, with their paths)
        Run launcher = replay("-Xmx512m -XX:+PrintCommandLineFlags -Xlog:library=info:stderr", "true", input, dir.resolve("a.jsonl"));
        Run user = replay("-Xmx512m -XX:+UseG1GC -XX:+PrintCommandLineFlags", "false", input, dir.resolve("b.jsonl"));

        // Then the first ran on the serial collector the launcher chose for replays, the second on the user's G1 alone,
        // both with the compiler directives that keep C2 for the sifting pass, and C1's code gathering no profiles
        assertThat(launcher.flags()).contains("-XX:+UseSerialGC", "-XX:MaxNewSize=67108864", "-XX:CompilerDirectivesFile=")
                .doesNotContain("UseG1GC");
        assertThat(user.flags()).contains("-XX:+UseG1GC", "-XX:CompilerDirectivesFile=").doesNotContain("UseSerialGC");
        for (Run run : List.of(launcher, user)) {
            assertThat(run.flags()).contains("-XX:-C1ProfileBranches", "-XX:-C1ProfileCalls", "-XX:TypeProfileLevel=0");
        }
        // and the evaluator's RocksDB loaded its native library from the one the build took out of the jar, not from a
        // copy in the temporary directory
        assertThat(launcher.stderr().lines().filter(line -> line.contains("librocksdbjni")))
                .singleElement().asString().contains(TOP.resolve("standalone/target/native/librocksdbjni").toString());
        // and each printed its summary alone on standard output (the JVM's own messages go to standard error), having
        // read every file and raised the demo scenario's exact alerts, with the same ids
        for (Run run : List.of(launcher, user)) {
            assertThat(run.stdout()).singleElement().asString().contains("\"deadLettered\":0", "\"alerts\":12");
        }
        List<Alert> first = DemoScenarioAlerts.read(dir.resolve("a.jsonl"));
        DemoScenarioAlerts.assertExactly(first);
        assertThat(DemoScenarioAlerts.read(dir.resolve("b.jsonl"))).extracting(Alert::alertId)
                .containsExactlyInAnyOrderElementsOf(first.stream().map(Alert::alertId).toList());
    }
}
