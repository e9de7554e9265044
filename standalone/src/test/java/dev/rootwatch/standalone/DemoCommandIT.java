package dev.rootwatch.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged command as a user runs it: {@code ./rootwatch demo} in a separate process. */
class DemoCommandIT {

    @Test
    void demoPrintsItsAlertsAndEndsByItself() throws IOException, InterruptedException {
        // Given the launcher at the top of the project and the jar this build packaged
        Path top = Path.of("..").toAbsolutePath().normalize();
        assertThat(top.resolve("rootwatch")).isExecutable();
        assertThat(top.resolve("standalone/target/rootwatch.jar")).exists();
        Path stdout = Files.createTempFile("rootwatch-demo", ".out");
        Path stderr = Files.createTempFile("rootwatch-demo", ".err");

        // When ./rootwatch demo runs
        Process process = new ProcessBuilder(top.resolve("rootwatch").toString(), "demo")
                .directory(top.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        boolean ended = process.waitFor(3, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly();
        }

        // Then it ends by itself, with exit 0, having printed each alert on one line
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        assertThat(ended).as("demo ended by itself; stderr:%n%s", err).isTrue();
        assertThat(process.exitValue()).as("exit code; stderr:%n%s", err).isZero();
        List<String> lines = Files.readAllLines(stdout, StandardCharsets.UTF_8);
        assertThat(lines).filteredOn(l -> l.contains(" FIRING ") || l.contains(" RESOLVED ")).hasSize(12);
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("[CRITICAL] FIRING ROOT_CONSOLE_LOGIN_WITHOUT_MFA"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("[CRITICAL] RESOLVED ROOT_MFA_DISABLED"));
        assertThat(lines).last().asString().contains("12 alerts");
        assertThat(String.join("\n", lines)).as("no raw terminal escape reaches the screen").doesNotContain("\u001b");
        assertThat(lines).as("standard output holds the demo only, never log lines").noneMatch(l -> l.contains("ch.qos.logback")
                || l.contains(" INFO ") || l.contains(" WARN "));
    }

    @Test
    void aDemoStoppedBeforeItsEndSaysSoInItsExitCode(@TempDir Path dir) throws Exception {
        // Given the demo running, on its temporary broker
        JavaProcess demo = JavaProcess.rootwatch(dir, dir.resolve("demo.log"),
                Map.of("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("tmp"))), "demo");
        try {
            await().atMost(Duration.ofMinutes(2)).until(() -> demo.log().contains("step 1/"));

            // When SIGTERM comes before it ends
            demo.sigterm();

            // Then it exits 3, not 0: what it had not delivered goes with its temporary broker; and it cleans up after itself
            Integer exit = demo.awaitExit(Duration.ofMinutes(1));
            assertThat(exit).as("exit code; log:%n%s", demo.log()).isEqualTo(Rootwatch.STOPPED_INCOMPLETE);
            assertThat(demo.log()).contains("demo stopped before its end");
            try (var left = Files.list(dir.resolve("tmp"))) {
                assertThat(left.filter(p -> p.getFileName().toString().startsWith("rootwatch"))).isEmpty();
            }
        } finally {
            demo.close();
        }
    }
}
