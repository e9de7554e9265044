package dev.rootwatch.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.DetectionSettings;
import dev.rootwatch.common.config.ConfigException;
import dev.rootwatch.common.config.ConfigLoader;
import dev.rootwatch.common.config.Settings;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.Severity;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluatorSettingsTest {

    @Test
    void shouldReadTheDefaults() {
        EvaluatorSettings settings = EvaluatorSettings.defaults();

        assertThat(settings.dedupRetention()).isEqualTo(Duration.ofDays(7));
        for (AlertType type : AlertType.values()) {
            assertThat(settings.enabled(type)).as(type.name()).isTrue();
            assertThat(settings.severity(type)).as(type.name()).isEqualTo(type.defaultSeverity());
        }
    }

    @Test
    void shouldReadConfiguredValues() {
        Config config = Config.defaults()
                .with(Settings.EVALUATOR_DEDUP_RETENTION, Duration.ofHours(3))
                .with(Settings.detectionEnabled(AlertType.ROOT_CONSOLE_LOGIN), false)
                .with(Settings.detectionSeverity(AlertType.ROOT_MFA_DEVICE_DELETED), Severity.CRITICAL);

        EvaluatorSettings settings = EvaluatorSettings.from(config);

        assertThat(settings.dedupRetention()).isEqualTo(Duration.ofHours(3));
        assertThat(settings.enabled(AlertType.ROOT_CONSOLE_LOGIN)).isFalse();
        assertThat(settings.severity(AlertType.ROOT_MFA_DEVICE_DELETED)).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void shouldRejectSettingsMissingATypeOrARetention() {
        assertThatThrownBy(() -> new EvaluatorSettings(Duration.ofDays(1), Map.of()))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("no detection settings for");
        assertThatThrownBy(() -> new EvaluatorSettings(Duration.ZERO, EvaluatorSettings.defaults().detections()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dedupRetention");
    }

    @Test
    void shouldReadTheDetectionParametersAndSuppressionsWithTheirDefaults() {
        DetectionParameters parameters = EvaluatorSettings.defaults().parameters();

        assertThat(parameters.grace()).isEqualTo(Duration.ofMinutes(15));
        assertThat(parameters.loginFailureThreshold()).isEqualTo(5);
        assertThat(parameters.loginFailureWindow()).isEqualTo(Duration.ofMinutes(15));
        assertThat(parameters.takeoverWindow()).isEqualTo(Duration.ofMinutes(30));
        assertThat(parameters.unexplainedLookback()).isEqualTo(Duration.ofMinutes(60));
        assertThat(parameters.rootActivityWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(parameters.renotifyEvery()).isEqualTo(Duration.ofHours(4));
        assertThat(parameters.silentAfter()).isEqualTo(Duration.ofHours(24));
        assertThat(parameters.silentAccounts()).isEmpty();
        assertThat(parameters.incidentRefresh()).isEqualTo(Duration.ofMinutes(1));
        assertThat(EvaluatorSettings.defaults().suppressions()).isEmpty();
    }

    @Test
    void shouldRejectAnIncidentRefreshShorterThanASecond() {
        Config config = Config.defaults().with(DetectionSettings.INCIDENT_REFRESH, Duration.ofMillis(500));

        assertThatThrownBy(() -> EvaluatorSettings.from(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("incidentRefresh must be at least 1s");
    }

    @Test
    void shouldRejectBadParametersAtStartUpNamingTheKey() {
        Map<String, String> bad = Map.of(
                "ROOTWATCH_EVALUATOR_DETECTIONS_ROOT_CONSOLE_LOGIN_FAILURES_THRESHOLD", "0",
                "ROOTWATCH_EVALUATOR_GRACE", "0s",
                "ROOTWATCH_EVALUATOR_DETECTIONS_TELEMETRY_SILENT_ACCOUNTS", "[\"12345\"]");
        bad.forEach((variable, value) -> assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(variable, value)))
                .as(variable)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("invalid value for evaluator."));
    }

    @Test
    void shouldReadStreamsOptions() {
        Config config = Config.defaults()
                .with(Settings.EVALUATOR_APPLICATION_ID, "eval-1")
                .with(Settings.EVALUATOR_STANDBY_REPLICAS, 1);

        StreamsOptions options = StreamsOptions.from(config);

        assertThat(options.applicationId()).isEqualTo("eval-1");
        assertThat(options.commitInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(options.standbyReplicas()).isEqualTo(1);
        assertThat(options.temporaryStateDir()).isTrue();
    }
}
