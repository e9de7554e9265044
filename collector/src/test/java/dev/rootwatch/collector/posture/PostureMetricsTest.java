package dev.rootwatch.collector.posture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootwatch.common.model.Posture;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The names and labels Prometheus sees, as docs/posture.md lists them. */
class PostureMetricsTest {

    static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");

    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final PostureMetrics metrics = new PostureMetrics(registry);

    @Test
    void exposesThePerAccountGaugesAndTheSweepMetrics() {
        // Given one compliant, one non-compliant and one unreadable account, and one sweep
        metrics.observe(new Posture(null, "111111111111", NOW, true, List.of(), true, 0, false, null));
        metrics.observe(new Posture(null, "222222222222", NOW, false, List.of(), true, 0, false, null));
        metrics.observe(new Posture(null, "333333333333", NOW, null, null, null, null, null, "sts:AssumeRole AccessDenied"));
        metrics.apiCall("GetAccountSummary", ApiOutcome.SUCCESS);
        metrics.apiCall("AssumeRole", ApiOutcome.ACCESS_DENIED);
        metrics.published("change");
        metrics.refreshRequest("accepted");
        metrics.sweep(Duration.ofMillis(1500), NOW);

        // When Prometheus scrapes
        String scrape = registry.scrape();

        // Then it sees the documented series
        assertThat(scrape)
                .contains("rootwatch_root_mfa_enabled{account_id=\"111111111111\"} 1.0")
                .contains("rootwatch_root_mfa_enabled{account_id=\"222222222222\"} 0.0")
                .contains("rootwatch_root_mfa_enabled{account_id=\"333333333333\"} NaN")
                .contains("rootwatch_root_mfa_compliance{account_id=\"222222222222\",status=\"non_compliant\"} 1.0")
                .contains("rootwatch_root_mfa_compliance{account_id=\"222222222222\",status=\"compliant\"} 0.0")
                .contains("rootwatch_root_mfa_compliance{account_id=\"333333333333\",status=\"unknown\"} 1.0")
                .contains("rootwatch_posture_accounts{status=\"compliant\"} 1.0")
                .contains("rootwatch_posture_accounts{status=\"not_applicable\"} 0.0")
                .contains("rootwatch_posture_api_calls_total{api=\"AssumeRole\",outcome=\"access_denied\"} 1.0")
                .contains("rootwatch_posture_sweep_duration_seconds_count 1")
                .containsPattern("rootwatch_posture_last_sweep_timestamp_seconds 1\\.7935344E9")
                .contains("rootwatch_posture_published_total{reason=\"change\"} 1.0")
                .contains("rootwatch_posture_refresh_requests_total{result=\"accepted\"} 1.0");
    }

    @Test
    void dropsTheGaugesOfAnAccountNoLongerRead() {
        metrics.observe(new Posture(null, "111111111111", NOW, true, List.of(), true, 0, false, null));

        metrics.forget("111111111111");

        assertThat(registry.scrape()).doesNotContain("111111111111").contains("rootwatch_posture_accounts{status=\"compliant\"} 0.0");
    }
}
