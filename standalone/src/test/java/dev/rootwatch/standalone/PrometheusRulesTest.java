package dev.rootwatch.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shipped Prometheus alert rules, checked and unit-tested by the real promtool (Debian
 * package 'prometheus'; .ci/run installs it). Skipped where promtool is not installed.
 */
class PrometheusRulesTest {

    private static Path promtool() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, "promtool");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(Path.of("..", "deploy", "prometheus").toFile())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }

    @Test
    void rulesAreValidAndTheirUnitTestsPass() throws IOException, InterruptedException {
        Path promtool = promtool();
        assumeThat(promtool).as("promtool (Debian package 'prometheus')").isNotNull();

        assertThat(run(promtool.toString(), "check", "rules", "rules.yml")).contains("SUCCESS");
        assertThat(run(promtool.toString(), "test", "rules", "rules.test.yml")).contains("SUCCESS");
    }
}
