package dev.rootwatch.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

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
}
