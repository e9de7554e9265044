package dev.rootwatch.collector.posture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootwatch.common.config.PostureSettings;
import dev.rootwatch.common.model.Compliance;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The closing figure of issue 4: a 500-account organization stubbed in WireMock, swept with the
 * default concurrency (8). Prints the sweep time and the API calls per account, from the poller's
 * own metrics, to the test output and to {@code target/posture-sweep-figure.txt}. No timed assertion.
 */
class OrganizationSweepFigureIT {

    static final int ACCOUNTS = 500;

    @Test
    void sweepsAFiveHundredAccountOrganization() throws IOException {
        // Given an organization of 500 accounts whose members all have virtual root MFA
        try (FakeAws aws = new FakeAws(true)) {
            List<String> accounts = new ArrayList<>(List.of(FakeAws.MANAGEMENT));
            IntStream.range(1, ACCOUNTS).mapToObj(i -> String.format("3%011d", i)).forEach(accounts::add);
            aws.callerIdentity(FakeAws.MANAGEMENT);
            aws.organization(accounts, List.of());
            aws.organizationsFeatures(true);
            aws.server().stubFor(FakeAws.query("AssumeRole").willReturn(FakeAws.assumeRoleAnswer("300000000001", "ASIAMEMBERSESSION001")));
            aws.server().stubFor(FakeAws.query("GetAccountSummary").willReturn(FakeAws.summaryAnswer(1, 1, 0)));
            aws.server().stubFor(FakeAws.query("ListVirtualMFADevices").willReturn(FakeAws.virtualDevicesAnswer("300000000001", true)));
            aws.server().stubFor(FakeAws.query("GenerateCredentialReport").willReturn(FakeAws.generateState("COMPLETE")));
            aws.server().stubFor(FakeAws.query("GetCredentialReport").willReturn(
                    FakeAws.credentialReport(FakeAws.rootRow("300000000001", "not_supported", "true", false, false))));
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            RecordingPublisher published = new RecordingPublisher();

            try (PollerFixture f = new PollerFixture(aws, Map.of(), published, registry)) {
                assertThat(f.settings.concurrency()).isEqualTo(8);

                // When it is swept twice: cold, then with sessions and credential reports reused
                SweepResult cold = f.poller.sweep();
                Map<String, Double> coldCalls = calls(registry);
                SweepResult warm = f.poller.sweep();
                Map<String, Double> warmCalls = calls(registry);
                warmCalls.replaceAll((api, n) -> n - coldCalls.getOrDefault(api, 0.0));

                // Then every account is read and compliant, and the figure is printed
                assertThat(cold.accounts()).isEqualTo(ACCOUNTS);
                assertThat(cold.count(Compliance.COMPLIANT)).isEqualTo(ACCOUNTS);
                assertThat(warm.count(Compliance.COMPLIANT)).isEqualTo(ACCOUNTS);
                assertThat(published.postures).hasSize(ACCOUNTS);
                String figure = figure(f.settings, cold, coldCalls) + figure(f.settings, warm, warmCalls);
                System.out.println(figure);
                Files.writeString(Path.of("target", "posture-sweep-figure.txt"), figure);
            }
        }
    }

    private static Map<String, Double> calls(SimpleMeterRegistry registry) {
        Map<String, Double> calls = new TreeMap<>();
        for (Counter counter : registry.find(PostureMetrics.API_CALLS).counters()) {
            calls.merge(counter.getId().getTag("api"), counter.count(), Double::sum);
        }
        return calls;
    }

    private static String figure(PostureSettings settings, SweepResult sweep, Map<String, Double> calls) {
        StringBuilder sb = new StringBuilder();
        double total = calls.values().stream().mapToDouble(Double::doubleValue).sum();
        sb.append(String.format("posture sweep: %d accounts, concurrency %d, %d ms (%.1f accounts/s)%n", sweep.accounts(),
                settings.concurrency(), sweep.duration().toMillis(), sweep.accounts() * 1000.0 / Math.max(1, sweep.duration().toMillis())));
        sb.append(String.format("  API calls: %.0f in all, %.2f per account%n", total, total / sweep.accounts()));
        calls.forEach((api, n) -> sb.append(String.format("    %-26s %6.0f  (%.3f per account)%n", api, n, n / sweep.accounts())));
        return sb.toString();
    }
}
