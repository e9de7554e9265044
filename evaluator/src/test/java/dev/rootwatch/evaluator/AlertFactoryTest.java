package dev.rootwatch.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.Settings;
import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertStatus;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.Compliance;
import dev.rootwatch.common.model.Severity;
import dev.rootwatch.common.model.TrailEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AlertFactoryTest {

    private static final Instant NOW = Instant.parse("2026-11-02T08:00:00Z");

    @Test
    void shouldFingerprintWithTheFirst32HexCharactersOfSha256() throws Exception {
        // Given the documented fingerprint input
        byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest("ROOT_CONSOLE_LOGIN|111122223333|deb1e1f9".getBytes(StandardCharsets.UTF_8));

        // Then the fingerprint is its first 32 hex characters
        assertThat(AlertFactory.fingerprint(AlertType.ROOT_CONSOLE_LOGIN, "111122223333", "deb1e1f9"))
                .isEqualTo(HexFormat.of().formatHex(digest).substring(0, 32));
    }

    @Test
    void shouldDeriveAlertIdFromFingerprintStatusAndSequence() {
        String fingerprint = "0123456789abcdef0123456789abcdef";

        // the same value in every run, every process, every version: a redelivered alert keeps its idempotency key
        assertThat(AlertFactory.alertId(fingerprint, AlertStatus.FIRING, 0))
                .isEqualTo(UUID.nameUUIDFromBytes((fingerprint + "|FIRING|0").getBytes(StandardCharsets.UTF_8)).toString())
                .isEqualTo("e9433643-438e-3a82-9e86-6a7591c8af36")
                .isNotEqualTo(AlertFactory.alertId(fingerprint, AlertStatus.RESOLVED, 0))
                .isNotEqualTo(AlertFactory.alertId(fingerprint, AlertStatus.FIRING, 1));
    }

    @Test
    void shouldFillSeverityControlsRunbookAndDetectionTime() {
        // Given ROOT_MFA_DEVICE_DELETED configured MEDIUM and a fixed wall clock
        Config config = Config.defaults().with(Settings.detectionSeverity(AlertType.ROOT_MFA_DEVICE_DELETED), Severity.MEDIUM);
        AlertFactory factory = new AlertFactory(EvaluatorSettings.from(config), Clock.fixed(NOW, ZoneOffset.UTC));
        TrailEvent event = TrailEventBuilder.deleteVirtualMfaDevice(PostureBuilder.ROOT_VIRTUAL).build();
        AlertDraft draft = AlertDraft.forEvent(AlertType.ROOT_MFA_DEVICE_DELETED, event, "title", "summary",
                Map.of("compliance", Compliance.COMPLIANT, "openedAt", NOW));

        // When the alert is made
        Alert alert = factory.create(event.accountId(), draft);

        // Then it carries what the settings and the type say, and wire-form detail values
        assertThat(alert.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(alert.controls()).isEqualTo(AlertType.ROOT_MFA_DEVICE_DELETED.controls());
        assertThat(alert.runbook()).isEqualTo(AlertType.ROOT_MFA_DEVICE_DELETED.runbook());
        assertThat(alert.detectedAt()).isEqualTo(NOW);
        assertThat(alert.eventTime()).isEqualTo(event.eventTime());
        assertThat(alert.fingerprint())
                .isEqualTo(AlertFactory.fingerprint(AlertType.ROOT_MFA_DEVICE_DELETED, event.accountId(), event.eventId()));
        assertThat(alert.details()).containsEntry("compliance", "COMPLIANT").containsEntry("openedAt", NOW.toString());
    }

    @Test
    void shouldAddTheAccountsPostureComplianceUnlessTheDetectionSaidIt() {
        AlertFactory factory = new AlertFactory(EvaluatorSettings.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));
        TrailEvent event = TrailEventBuilder.rootConsoleLogin().build();
        AlertDraft plain = AlertDraft.forEvent(AlertType.ROOT_CONSOLE_LOGIN, event, "t", "s", Map.of());
        AlertDraft said = AlertDraft.forEvent(AlertType.ROOT_CONSOLE_LOGIN, event, "t", "s",
                Map.of("postureCompliance", Compliance.UNKNOWN));

        assertThat(factory.create(event.accountId(), plain, Compliance.NON_COMPLIANT).details())
                .containsEntry("postureCompliance", "NON_COMPLIANT");
        assertThat(factory.create(event.accountId(), said, Compliance.NON_COMPLIANT).details())
                .containsEntry("postureCompliance", "UNKNOWN");
        assertThat(factory.create(event.accountId(), plain, null).details()).doesNotContainKey("postureCompliance");
    }
}
