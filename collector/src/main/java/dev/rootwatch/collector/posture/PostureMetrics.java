package dev.rootwatch.collector.posture;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;

/**
 * The posture poller's own Prometheus metrics: {@code rootwatch_posture_sweep_duration_seconds}, {@code rootwatch_posture_last_sweep_timestamp_seconds},
 * {@code rootwatch_posture_api_calls_total{api,outcome}}, {@code rootwatch_posture_api_sdk_retries_total{api}},
 * {@code rootwatch_posture_published_total{reason}}, {@code rootwatch_posture_refresh_requests_total{result}}.
 * The per-account verdicts ({@code rootwatch_root_mfa_compliance}, {@code rootwatch_root_mfa_enabled},
 * {@code rootwatch_posture_accounts}) come from the evaluator, which holds them whichever way a posture reached it.
 */
final class PostureMetrics {

    static final String SWEEP_DURATION = "rootwatch.posture.sweep.duration";
    static final String LAST_SWEEP = "rootwatch.posture.last.sweep.timestamp";
    static final String API_CALLS = "rootwatch.posture.api.calls";
    static final String SDK_RETRIES = "rootwatch.posture.api.sdk.retries";
    static final String PUBLISHED = "rootwatch.posture.published";
    static final String REFRESH_REQUESTS = "rootwatch.posture.refresh.requests";

    private final MeterRegistry registry;
    private final Timer sweepDuration;
    private volatile double lastSweepSeconds = Double.NaN;
    private final MetricPublisher sdkRetries = new SdkRetryPublisher();

    PostureMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.sweepDuration = Timer.builder(SWEEP_DURATION)
                .description("Duration of one full posture sweep of every account")
                .register(registry);
        Gauge.builder(LAST_SWEEP, this, m -> m.lastSweepSeconds)
                .description("When the last posture sweep ended, in seconds since the epoch")
                .baseUnit("seconds")
                .register(registry);
    }

    void apiCall(String api, ApiOutcome outcome) {
        Counter.builder(API_CALLS)
                .description("AWS API calls of the posture poller by outcome (each of rootwatch's own retries counts)")
                .tag("api", api)
                .tag("outcome", outcome.label())
                .register(registry)
                .increment();
    }

    void sweep(Duration duration, Instant end) {
        sweepDuration.record(duration);
        lastSweepSeconds = end.toEpochMilli() / 1000.0;
    }

    void published(String reason) {
        Counter.builder(PUBLISHED).description("Posture records published, by reason (change, heartbeat)")
                .tag("reason", reason).register(registry).increment();
    }

    void refreshRequest(String result) {
        Counter.builder(REFRESH_REQUESTS).description("Event-triggered posture refresh requests, by result (accepted, out_of_scope)")
                .tag("result", result).register(registry).increment();
    }

    /** Records the SDK's internal retries of posture calls; attach to each request. */
    MetricPublisher sdkPublisher() {
        return sdkRetries;
    }

    private final class SdkRetryPublisher implements MetricPublisher {
        @Override
        public void publish(MetricCollection collection) {
            List<Integer> retries = collection.metricValues(CoreMetric.RETRY_COUNT);
            List<String> operation = collection.metricValues(CoreMetric.OPERATION_NAME);
            if (retries.isEmpty() || operation.isEmpty() || retries.get(0) == null || retries.get(0) == 0) {
                return;
            }
            Counter.builder(SDK_RETRIES).description("Retries the AWS SDK made inside posture calls (throttling, transient errors)")
                    .tag("api", operation.get(0))
                    .register(registry)
                    .increment(retries.get(0));
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
