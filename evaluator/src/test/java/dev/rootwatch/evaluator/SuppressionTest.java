package dev.rootwatch.evaluator;

import static dev.rootwatch.evaluator.TrailEventBuilder.EVENT_TIME;
import static dev.rootwatch.evaluator.TrailEventBuilder.rootConsoleLogin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.ConfigException;
import dev.rootwatch.common.config.ConfigLoader;
import dev.rootwatch.common.config.DetectionSettings;
import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.SuppressionRule;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuppressionTest {

    private static final String REASON = "CHG-1234 planned root password rotation";

    @TempDir
    Path stateDir;

    private double suppressedCount;

    private static EvaluatorSettings with(SuppressionRule... rules) {
        Config config = TestSettings.onlyConfig(AlertType.ROOT_CONSOLE_LOGIN, AlertType.ROOT_CONSOLE_LOGIN_WITHOUT_MFA)
                .with(DetectionSettings.SUPPRESSIONS, List.of(rules));
        return EvaluatorSettings.from(config);
    }

    private List<Alert> run(EvaluatorSettings settings, TrailEventBuilder... events) {
        try (EvaluatorDriver driver = new EvaluatorDriver(stateDir, settings)) {
            for (TrailEventBuilder event : events) {
                driver.send(event);
            }
            List<Alert> alerts = driver.alerts();
            suppressedCount = driver.count("rootwatch.evaluator.suppressed", "type", "root_console_login");
            return alerts;
        }
    }

    @Test
    void shouldMarkAMatchingAlertSuppressedAndStillEmitIt() {
        // Given a rule for root sign-ins of one account during a maintenance window
        SuppressionRule rule = new SuppressionRule("111122223333", null, AlertType.ROOT_CONSOLE_LOGIN,
                EVENT_TIME.minusSeconds(3600), EVENT_TIME.plusSeconds(3600), REASON);

        // When root signs in with MFA inside the window
        List<Alert> alerts = run(with(rule), rootConsoleLogin().mfaUsed(true));

        // Then the alert is still emitted, marked with the rule's reason, and counted
        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.type()).isEqualTo(AlertType.ROOT_CONSOLE_LOGIN);
            assertThat(alert.details()).containsEntry("suppressed", true).containsEntry("suppressedBy", REASON)
                    .containsEntry("mfaUsed", true);
        });
        assertThat(suppressedCount).isEqualTo(1.0);
    }

    @Test
    void shouldNotSuppressOnceTheRuleHasExpired() {
        // Given a rule that expired one second before the sign-in
        SuppressionRule expired = new SuppressionRule("111122223333", null, null, null, EVENT_TIME.minusSeconds(1), REASON);

        List<Alert> alerts = run(with(expired), rootConsoleLogin().mfaUsed(true));

        // Then the alert is an ordinary one
        assertThat(alerts).singleElement().satisfies(alert -> assertThat(alert.details()).doesNotContainKey("suppressed"));
        assertThat(suppressedCount).isZero();
    }

    @Test
    void shouldNotSuppressBeforeTheRuleStarts() {
        SuppressionRule later = new SuppressionRule("111122223333", null, null, EVENT_TIME.plusSeconds(1), null, REASON);

        assertThat(run(with(later), rootConsoleLogin().mfaUsed(true)))
                .singleElement().satisfies(alert -> assertThat(alert.details()).doesNotContainKey("suppressed"));
    }

    @Test
    void shouldMatchTheSourceAddressByCidr() {
        // Given a rule for the office's IPv4 and IPv6 ranges
        SuppressionRule office4 = new SuppressionRule(null, "203.0.113.0/24", null, null, null, "office");
        SuppressionRule office6 = new SuppressionRule(null, "2001:db8::/32", null, null, null, "office v6");

        // When root signs in from the office over IPv4 and IPv6, and from elsewhere
        List<Alert> alerts = run(with(office4, office6),
                rootConsoleLogin().mfaUsed(true).sourceIp("203.0.113.77"),
                rootConsoleLogin().mfaUsed(true).sourceIp("2001:db8:0:1::5"),
                rootConsoleLogin().mfaUsed(true).sourceIp("198.51.100.1"),
                rootConsoleLogin().mfaUsed(true).sourceIp("AWS Internal"));

        // Then only the office sign-ins are suppressed
        assertThat(alerts).extracting(alert -> alert.details().get("suppressedBy"))
                .containsExactly("office", "office v6", null, null);
    }

    @Test
    void shouldMatchEveryFieldTheRuleSets() {
        // Given a rule for ROOT_CONSOLE_LOGIN of another account
        SuppressionRule other = new SuppressionRule("444455556666", null, AlertType.ROOT_CONSOLE_LOGIN, null, null, REASON);

        assertThat(run(with(other), rootConsoleLogin().mfaUsed(true)))
                .singleElement().satisfies(alert -> assertThat(alert.details()).doesNotContainKey("suppressed"));
    }

    @Test
    void shouldReadRulesFromConfigurationAndRejectBadOnesAtStartUp() {
        // Given rules as the YAML list arrives (JSON text)
        String good = "[{\"accountId\":\"111122223333\",\"type\":\"ROOT_ACTIVITY\",\"until\":\"2026-12-01T00:00:00Z\","
                + "\"reason\":\"migration\"},{\"sourceCidr\":\"10.0.0.0/8\",\"reason\":\"vpn\"}]";
        Config config = ConfigLoader.load(null, Map.of("ROOTWATCH_EVALUATOR_SUPPRESSIONS", good));
        assertThat(config.get(DetectionSettings.SUPPRESSIONS)).extracting(SuppressionRule::reason)
                .containsExactly("migration", "vpn");
        assertThat(config.get(DetectionSettings.SUPPRESSIONS).get(0).until())
                .isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));

        // Then a rule without reason, without matcher, with a bad CIDR or a misspelt field stops start-up
        for (String bad : List.of(
                "[{\"accountId\":\"111122223333\"}]",
                "[{\"reason\":\"everything\",\"until\":\"2026-12-01T00:00:00Z\"}]",
                "[{\"sourceCidr\":\"10.0.0.0/33\",\"reason\":\"x\"}]",
                "[{\"sourceCidr\":\"example.com\",\"reason\":\"x\"}]",
                "[{\"acountId\":\"111122223333\",\"reason\":\"x\"}]",
                "[{\"accountId\":\"1111\",\"reason\":\"x\"}]",
                "[{\"type\":\"ROOT_ACTIVITY\",\"from\":\"2026-12-01T00:00:00Z\",\"until\":\"2026-11-01T00:00:00Z\",\"reason\":\"x\"}]")) {
            assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("ROOTWATCH_EVALUATOR_SUPPRESSIONS", bad)))
                    .as(bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("evaluator.suppressions");
        }
    }
}
