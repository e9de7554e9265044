package dev.rootwatch.collector.posture;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The names and labels Prometheus sees, as docs/posture.md lists them. */
class PostureMetricsTest {

    static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");

    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final PostureMetrics metrics = new PostureMetrics(registry);

    @Test
    void exposesTheSweepMetrics() {
        // Given API calls, a published posture, a refresh request and one sweep
        metrics.apiCall("GetAccountSummary", ApiOutcome.SUCCESS);
        metrics.apiCall("AssumeRole", ApiOutcome.ACCESS_DENIED);
        metrics.published("change");
        metrics.refreshRequest("accepted");
        metrics.sweep(Duration.ofMillis(1500), NOW);

        // When Prometheus scrapes
        String scrape = registry.scrape();

        // Then it sees the documented series, and no per-account verdicts: those are the evaluator's
        assertThat(scrape)
                .contains("rootwatch_posture_api_calls_total{api=\"AssumeRole\",outcome=\"access_denied\"} 1.0")
                .contains("rootwatch_posture_api_calls_total{api=\"GetAccountSummary\",outcome=\"success\"} 1.0")
                .contains("rootwatch_posture_sweep_duration_seconds_count 1")
                .containsPattern("rootwatch_posture_last_sweep_timestamp_seconds 1\\.7935344E9")
                .contains("rootwatch_posture_published_total{reason=\"change\"} 1.0")
                .contains("rootwatch_posture_refresh_requests_total{result=\"accepted\"} 1.0")
                .doesNotContain("rootwatch_root_mfa_compliance")
                .doesNotContain("rootwatch_posture_accounts");
    }
}
