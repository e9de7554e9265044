package dev.rootwatch.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    void theUnitTestsFeedOnlySeriesRootwatchWasRecordedExposing() throws IOException {
        // Given the live scrape AlertRulesLiveIT recorded from the packaged jar
        Path recording = Path.of("..", "deploy", "prometheus", "testdata", "live-scrape.prom");
        List<PromSeries> live = PromSeries.scrape(Files.readString(recording, StandardCharsets.UTF_8));
        assertThat(live).isNotEmpty();

        // When the rule tests' input series are compared with it
        List<PromSeries> inputs = PromSeries.ruleTestInputs(Path.of("..", "deploy", "prometheus", "rules.test.yml"));

        // Then each is a series of the recording: the same name, label names and label values (besides deployment data)
        assertThat(inputs).isNotEmpty();
        assertThat(PromSeries.unbacked(inputs, live)).as("rules.test.yml series not in " + recording).isEmpty();
    }

    @Test
    void rulesAreValidAndTheirUnitTestsPass() throws IOException, InterruptedException {
        Path promtool = promtool();
        assumeThat(promtool).as("promtool (Debian package 'prometheus')").isNotNull();

        assertThat(run(promtool.toString(), "check", "rules", "rules.yml")).contains("SUCCESS");
        assertThat(run(promtool.toString(), "test", "rules", "rules.test.yml")).contains("SUCCESS");
    }
}
