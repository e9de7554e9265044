package dev.rootwatch.collector.posture;

import dev.rootwatch.common.model.Compliance;
import dev.rootwatch.common.model.Posture;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;

/**
 * The posture poller's Prometheus metrics. Per account: {@code rootwatch_root_mfa_enabled{account_id}}
 * (1, 0, NaN while unknown) and {@code rootwatch_root_mfa_compliance{account_id,status}} (1 for the
 * current status, 0 for the others). Overall: {@code rootwatch_posture_accounts{status}},
 * {@code rootwatch_posture_sweep_duration_seconds}, {@code rootwatch_posture_last_sweep_timestamp_seconds},
 * {@code rootwatch_posture_api_calls_total{api,outcome}}, {@code rootwatch_posture_api_sdk_retries_total{api}},
 * {@code rootwatch_posture_published_total{reason}}, {@code rootwatch_posture_refresh_requests_total{result}}.
 */
final class PostureMetrics {

    static final String MFA_ENABLED = "rootwatch.root.mfa.enabled";
    static final String MFA_COMPLIANCE = "rootwatch.root.mfa.compliance";
    static final String ACCOUNTS = "rootwatch.posture.accounts";
    static final String SWEEP_DURATION = "rootwatch.posture.sweep.duration";
    static final String LAST_SWEEP = "rootwatch.posture.last.sweep.timestamp";
    static final String API_CALLS = "rootwatch.posture.api.calls";
    static final String SDK_RETRIES = "rootwatch.posture.api.sdk.retries";
    static final String PUBLISHED = "rootwatch.posture.published";
    static final String REFRESH_REQUESTS = "rootwatch.posture.refresh.requests";

    private final MeterRegistry registry;
    private final Map<String, AccountGauges> accounts = new ConcurrentHashMap<>();
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
        for (Compliance status : Compliance.values()) {
            Gauge.builder(ACCOUNTS, this, m -> m.count(status))
                    .description("Accounts by root-MFA compliance at their latest read")
                    .tag("status", label(status))
                    .register(registry);
        }
    }

    static String label(Compliance status) {
        return status.name().toLowerCase(Locale.ROOT);
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

    /** Sets the account's gauges to what {@code posture} says. */
    void observe(Posture posture) {
        AccountGauges gauges = accounts.computeIfAbsent(posture.accountId(), this::register);
        gauges.mfaEnabled = posture.error() != null || posture.mfaEnabled() == null
                ? Double.NaN : (posture.mfaEnabled() ? 1.0 : 0.0);
        gauges.status = posture.compliance();
    }

    /** Removes the gauges of an account that is no longer read (closed, suspended, left the organization). */
    void forget(String accountId) {
        AccountGauges gauges = accounts.remove(accountId);
        if (gauges != null) {
            gauges.meters.forEach(registry::remove);
        }
    }

    private AccountGauges register(String accountId) {
        AccountGauges gauges = new AccountGauges();
        gauges.meters.add(Gauge.builder(MFA_ENABLED, gauges, g -> g.mfaEnabled)
                .description("1 where the root user of the account has MFA, 0 where it has not, NaN while unknown")
                .tag("account_id", accountId)
                .register(registry));
        for (Compliance status : Compliance.values()) {
            gauges.meters.add(Gauge.builder(MFA_COMPLIANCE, gauges, g -> g.status == status ? 1.0 : 0.0)
                    .description("1 for the account's current root-MFA compliance status, 0 for the others")
                    .tag("account_id", accountId)
                    .tag("status", label(status))
                    .register(registry));
        }
        return gauges;
    }

    private double count(Compliance status) {
        return accounts.values().stream().filter(g -> g.status == status).count();
    }

    /** Strongly held gauge state (Micrometer holds gauge objects weakly). */
    private static final class AccountGauges {
        final List<Meter> meters = new ArrayList<>();
        volatile double mfaEnabled = Double.NaN;
        volatile Compliance status = Compliance.UNKNOWN;
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
