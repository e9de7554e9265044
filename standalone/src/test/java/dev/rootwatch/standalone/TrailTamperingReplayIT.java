package dev.rootwatch.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.Severity;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 in {@code rootwatch replay}, end to end: a CloudTrail log file in which the trail is weakened
 * four ways, once after a root sign-in without MFA, beside benign changes and refused attempts. Each
 * weakening pages once with what was weakened; the benign and the refused stay silent.
 */
class TrailTamperingReplayIT {

    @TempDir
    Path dir;

    @Test
    void shouldPageOnceForEachWeakeningAndStaySilentOnBenignChangesAndRefusals() throws Exception {
        // Given the log file (one account per case; account ...07 holds only benign and refused calls)
        Path input = fixture("trail-changes.json");

        // When it is replayed
        List<Alert> alerts = replay(input);

        // Then each weakening is one CLOUDTRAIL_TAMPERING alert naming what was weakened
        List<Alert> tampering = alerts.stream().filter(a -> a.type() == AlertType.CLOUDTRAIL_TAMPERING).toList();
        assertThat(tampering)
                .extracting(Alert::accountId, a -> String.valueOf(a.details().get("change")), Alert::severity)
                .containsExactlyInAnyOrder(
                        tuple("210000000001", "MULTI_REGION_DISABLED", Severity.HIGH),
                        tuple("210000000002", "MANAGEMENT_WRITE_EVENTS_EXCLUDED", Severity.HIGH),
                        tuple("210000000003", "MANAGEMENT_EVENTS_EXCLUDED", Severity.HIGH),
                        tuple("210000000004", "TRUSTED_ACCESS_DISABLED", Severity.HIGH),
                        tuple("210000000005", "GLOBAL_SERVICE_EVENTS_DISABLED", Severity.CRITICAL));
        // and the one that came 5 minutes after a root sign-in without MFA is raised and names that sign-in
        Alert linked = tampering.stream().filter(a -> a.accountId().equals("210000000005")).findFirst().orElseThrow();
        assertThat(linked.details()).containsEntry("rootLoginEventId", "b1a5e001-0000-4000-8000-000000000005");
        assertThat(linked.eventIds()).contains("b1a5e001-0000-4000-8000-000000000005", "b1a5e001-0000-4000-8000-000000000006");
        // the sign-in pages on its own, as always; the benign changes and the refused attempts raise nothing
        assertThat(alerts).filteredOn(a -> a.type() != AlertType.CLOUDTRAIL_TAMPERING)
                .extracting(Alert::type, Alert::accountId)
                .containsExactly(tuple(AlertType.ROOT_CONSOLE_LOGIN_WITHOUT_MFA, "210000000005"));
        assertThat(alerts).noneMatch(a -> a.accountId().equals("210000000007"));
    }

    @Test
    void shouldPageWhenAConfiguredPartOfThePipelineIsCutAndNotForOtherResources() throws Exception {
        // Given a configuration naming rootwatch's rule, queue and trail bucket, and calls on those and on others
        Path input = fixture("pipeline-changes.json");
        Path config = fixture("pipeline.yaml");

        // When it is replayed with that configuration
        List<Alert> alerts = replay(input, "--config", config.toString());

        // Then the queue purge, the bucket policy removal and the rule's disabling page, once each; the others do not
        assertThat(alerts).extracting(Alert::type, a -> a.eventIds().get(0)).containsExactlyInAnyOrder(
                tuple(AlertType.PIPELINE_TAMPERING, "c0ffee01-0000-4000-8000-000000000001"),
                tuple(AlertType.PIPELINE_TAMPERING, "c0ffee01-0000-4000-8000-000000000003"),
                tuple(AlertType.PIPELINE_TAMPERING, "c0ffee01-0000-4000-8000-000000000004"));
        assertThat(alerts).allSatisfy(a -> assertThat(a.details()).containsKey("resource"));
    }

    private Path fixture(String name) throws Exception {
        Path input = Files.createDirectories(dir.resolve("input-" + name.replace('.', '-')));
        Path file = input.resolve(name);
        try (InputStream fixture = getClass().getResourceAsStream("/blinding/" + name)) {
            Files.copy(fixture, file);
        }
        return name.endsWith(".yaml") ? file : input;
    }

    private List<Alert> replay(Path input, String... options) throws Exception {
        Path out = dir.resolve("alerts-" + input.getFileName() + ".jsonl");
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("replay", "--alerts-out", out.toString()));
        args.addAll(List.of(options));
        args.add(input.toString());
        int exit = new Rootwatch(Map.of(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8)).execute(args.toArray(String[]::new));
        assertThat(exit).as(stderr.toString(StandardCharsets.UTF_8)).isZero();
        return DemoScenarioAlerts.read(out);
    }
}
