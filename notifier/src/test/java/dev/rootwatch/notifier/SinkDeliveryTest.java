package dev.rootwatch.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootwatch.common.model.Alert;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SinkDeliveryTest {

    /** Detected as each test starts: its maximum age counts from then. */
    private final Alert alert = TestAlerts.fresh(TestAlerts.loginWithoutMfa("a-1", "111122223333"));
    private static final Duration LONG = Duration.ofHours(1);
    private static final Duration SHORT = Duration.ofMillis(300);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final StopSignal stop = new StopSignal();

    @Test
    void retriesARetryableFailureUntilTheSinkSucceeds() {
        // Given a sink that fails twice, then works
        ScriptedSink sink = new ScriptedSink("flaky", 2, true);
        SinkDelivery delivery = delivery(LONG, sink);

        // When an alert is delivered
        SinkDelivery.Result result = delivery.deliver(guard(sink), alert);

        // Then it took three calls, all counted
        assertThat(result.outcome()).isEqualTo(SinkDelivery.Outcome.DELIVERED);
        assertThat(result.attempts()).isEqualTo(3);
        assertThat(count(NotifierMetrics.ATTEMPTS, "flaky", null)).isEqualTo(3);
        assertThat(count(NotifierMetrics.DELIVERIES, "flaky", "failed")).isEqualTo(2);
        assertThat(count(NotifierMetrics.DELIVERIES, "flaky", "delivered")).isEqualTo(1);
        assertThat(registry.get(NotifierMetrics.LATENCY).tag("sink", "flaky").timer().count()).isEqualTo(3);
    }

    @Test
    void keepsRetryingATransientFailureUntilTheAlertOutlivesItsMaximumAge() {
        // Given a sink that always fails with a retryable error quoting its URL, and alerts retried for 300 ms
        ScriptedSink sink = new ScriptedSink("down", Integer.MAX_VALUE, true);
        SinkDelivery delivery = delivery(SHORT, sink);

        // When an alert is delivered
        SinkDelivery.Result result = delivery.deliver(guard(sink), alert);

        // Then it was tried again and again until its maximum age was reached, and only then given up, the error kept
        // without the URL
        assertThat(result.outcome()).isEqualTo(SinkDelivery.Outcome.GAVE_UP);
        assertThat(sink.calls.get()).isGreaterThan(3).isEqualTo(result.attempts());
        // (the last call comes at the deadline itself; a little slack for the wall clock against the timer that waited)
        assertThat(sink.lastCall).isAfterOrEqualTo(alert.detectedAt().plus(SHORT).minusMillis(20));
        assertThat(result.error()).startsWith("still failing PT0.3S after detection").endsWith("last failure: HTTP 503 from <url>");
    }

    @Test
    void triesAnAlertOnceEvenWhenItIsAlreadyOlderThanItsMaximumAge() {
        // Given an alert detected two days ago (the notifier was down), and alerts retried for an hour
        Alert old = TestAlerts.loginWithoutMfa("old", "111122223333");
        ScriptedSink failing = new ScriptedSink("down", Integer.MAX_VALUE, true);
        ScriptedSink working = new ScriptedSink("up", 0, true);

        // When it is delivered to a working sink and to a failing one
        SinkDelivery.Result delivered = delivery(LONG, working).deliver(guard(working), old);
        SinkDelivery.Result failed = delivery(LONG, failing).deliver(guard(failing), old);

        // Then the working sink got it, and the failing one was called once before the alert was given up
        assertThat(delivered.outcome()).isEqualTo(SinkDelivery.Outcome.DELIVERED);
        assertThat(failed.outcome()).isEqualTo(SinkDelivery.Outcome.GAVE_UP);
        assertThat(failing.calls.get()).isEqualTo(1);
    }

    @Test
    void givesUpAtOnceOnANonRetryableFailure() {
        // Given a sink that rejects the alert
        ScriptedSink sink = new ScriptedSink("strict", Integer.MAX_VALUE, false);
        SinkDelivery delivery = delivery(LONG, sink);

        // When an alert is delivered
        SinkDelivery.Result result = delivery.deliver(guard(sink), alert);

        // Then it was called once
        assertThat(result.outcome()).isEqualTo(SinkDelivery.Outcome.GAVE_UP);
        assertThat(sink.calls.get()).isEqualTo(1);
    }

    @Test
    void retriesASinkThatThrowsUnexpectedly() {
        // Given a sink with a bug that throws on the first call
        AtomicInteger calls = new AtomicInteger();
        AlertSink sink = new AlertSink() {
            @Override
            public String name() {
                return "buggy";
            }

            @Override
            public void deliver(Alert alert) {
                if (calls.incrementAndGet() == 1) {
                    throw new IllegalStateException("connection pool closed");
                }
            }
        };
        SinkDelivery delivery = delivery(LONG, sink);

        // When an alert is delivered
        SinkDelivery.Result result = delivery.deliver(guard(sink), alert);

        // Then the second call delivered it
        assertThat(result.outcome()).isEqualTo(SinkDelivery.Outcome.DELIVERED);
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void stopsWaitingWhenTheNotifierStops() {
        // Given a failing sink and a long backoff, and the notifier stopping
        ScriptedSink sink = new ScriptedSink("down", Integer.MAX_VALUE, true);
        NotifierMetrics metrics = new NotifierMetrics(registry, List.of(sink.name()));
        SinkDelivery delivery = new SinkDelivery(new DeliveryPolicy(LONG, Duration.ofMinutes(10)), metrics, stop);
        stop.request();

        // When an alert is delivered
        SinkDelivery.Result result = delivery.deliver(guard(sink), alert);

        // Then the delivery ends at once as stopped, not as given up
        assertThat(result.outcome()).isEqualTo(SinkDelivery.Outcome.STOPPED);
        assertThat(sink.calls.get()).isZero();
    }

    @Test
    void opensTheCircuitAfterRepeatedFailuresAndStopsCallingTheSink() {
        // Given a dead sink whose circuit opens after three failed calls
        ScriptedSink sink = new ScriptedSink("dead", Integer.MAX_VALUE, true);
        DeliveryPolicy policy = new DeliveryPolicy(SHORT, Duration.ofMillis(1), Duration.ofMillis(20))
                .withCircuitBreaker(3, Duration.ofMinutes(1));
        NotifierMetrics metrics = new NotifierMetrics(registry, List.of("dead"));
        GuardedSink guarded = GuardedSink.of(sink, policy);
        metrics.circuit("dead", guarded.circuitBreaker());
        SinkDelivery delivery = new SinkDelivery(policy, metrics, stop);

        // When two alerts are delivered, the second detected as the first is given up
        SinkDelivery.Result first = delivery.deliver(guarded, alert);
        SinkDelivery.Result second = delivery.deliver(guarded, TestAlerts.fresh(alert));

        // Then the sink was called three times only; the other attempts, until each alert's maximum age, met the open circuit
        assertThat(sink.calls.get()).isEqualTo(3);
        assertThat(first.outcome()).isEqualTo(SinkDelivery.Outcome.GAVE_UP);
        assertThat(second.outcome()).isEqualTo(SinkDelivery.Outcome.GAVE_UP);
        assertThat(second.attempts()).isGreaterThan(1);
        assertThat(second.error()).endsWith("circuit open after repeated failures; last failure: HTTP 503 from <url>");
        assertThat(count(NotifierMetrics.DELIVERIES, "dead", "circuit_open"))
                .isEqualTo(first.attempts() - 3 + second.attempts());
        assertThat(registry.get(NotifierMetrics.CIRCUIT_STATE).tag("sink", "dead").tag("state", "open").gauge().value()).isEqualTo(1);
        assertThat(registry.get(NotifierMetrics.CIRCUIT_STATE).tag("sink", "dead").tag("state", "closed").gauge().value()).isZero();
    }

    @Test
    void triesOnceMoreWhenTheCircuitHasBeenOpenLongEnough() {
        // Given a sink that fails three calls, then recovers, and a circuit open for 200 ms after three failures
        ScriptedSink sink = new ScriptedSink("flaky", 3, true);
        DeliveryPolicy policy = new DeliveryPolicy(LONG, Duration.ofMillis(50), Duration.ofMillis(100))
                .withCircuitBreaker(3, Duration.ofMillis(200));
        GuardedSink guarded = GuardedSink.of(sink, policy);
        SinkDelivery delivery = new SinkDelivery(policy, new NotifierMetrics(registry, List.of("flaky")), stop);

        // When an alert is delivered
        SinkDelivery.Result result = delivery.deliver(guarded, alert);

        // Then the trial call after the open period delivered it and closed the circuit
        assertThat(result.outcome()).isEqualTo(SinkDelivery.Outcome.DELIVERED);
        assertThat(sink.calls.get()).isEqualTo(4);
        assertThat(guarded.circuitBreaker().getState()).isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.CLOSED);
    }

    @Test
    void waitsAsLongAsTheReceiverAsksWhenThrottledAndKeepsTheCircuitClosed() {
        // Given a receiver that throttles once, asking for 700 ms, and a circuit that would open on one failure
        java.util.List<Long> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        AlertSink sink = new AlertSink() {
            @Override
            public String name() {
                return "throttled";
            }

            @Override
            public void deliver(Alert alert) throws DeliveryException {
                calls.add(System.nanoTime());
                if (calls.size() == 1) {
                    throw new DeliveryException("HTTP 429 (rate limited)", null, true, Duration.ofMillis(700), true);
                }
            }
        };
        DeliveryPolicy policy = new DeliveryPolicy(LONG, Duration.ofMillis(1)).withCircuitBreaker(1, Duration.ofMinutes(1));
        GuardedSink guarded = GuardedSink.of(sink, policy);
        SinkDelivery delivery = new SinkDelivery(policy, new NotifierMetrics(registry, List.of("throttled")), stop);

        // When an alert is delivered
        SinkDelivery.Result result = delivery.deliver(guarded, alert);

        // Then the second call came after the wait asked for, and a throttle did not open the circuit
        assertThat(result.outcome()).isEqualTo(SinkDelivery.Outcome.DELIVERED);
        assertThat(Duration.ofNanos(calls.get(1) - calls.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(690));
        assertThat(guarded.circuitBreaker().getState()).isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.CLOSED);
    }

    @Test
    void keepsToTheSinksRateLimit() {
        // Given a sink limited to 5 calls per second, which answers at once
        List<Long> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        SinkSpec spec = new SinkSpec("limited", SinkType.CONSOLE, null, null, null, Route.all(), SinkSpec.DEFAULT_TIMEOUT, 5.0, null);
        AlertSink sink = new RoutedSink(new AlertSink() {
            @Override
            public String name() {
                return "limited";
            }

            @Override
            public void deliver(Alert alert) {
                calls.add(System.nanoTime());
            }
        }, spec);
        DeliveryPolicy policy = new DeliveryPolicy(LONG, Duration.ofMillis(1));
        GuardedSink guarded = GuardedSink.of(sink, policy);
        SinkDelivery delivery = new SinkDelivery(policy, new NotifierMetrics(registry, List.of("limited")), stop);

        // When 11 alerts are delivered one after the other
        for (int i = 0; i < 11; i++) {
            delivery.deliver(guarded, alert);
        }

        // Then every one was delivered, and no six calls fell within one second
        assertThat(calls).hasSize(11);
        for (int i = 0; i + 5 < calls.size(); i++) {
            assertThat(Duration.ofNanos(calls.get(i + 5) - calls.get(i))).as("calls %d to %d", i, i + 5)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(950));
        }
    }

    @Test
    void honoursTheRetryAfterOfARealReceiver() {
        // Given PagerDuty answering the first event with 429 and Retry-After: 1, then accepting
        try (Receiver receiver = new Receiver()) {
            receiver.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/v2/enqueue").inScenario("throttle")
                    .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                    .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(429).withHeader("Retry-After", "1"))
                    .willSetStateTo("open"));
            receiver.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/v2/enqueue").inScenario("throttle")
                    .whenScenarioStateIs("open")
                    .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(202)));
            AlertSink sink = new PagerDutySink("pager", Receiver.http(), receiver.uri("/v2/enqueue"), Secret.of("key", "test"),
                    Receiver.timeout(), null);
            DeliveryPolicy policy = new DeliveryPolicy(LONG, Duration.ofMillis(10));
            SinkDelivery delivery = new SinkDelivery(policy, new NotifierMetrics(registry, List.of("pager")), stop);

            // When an alert is delivered
            SinkDelivery.Result result = delivery.deliver(GuardedSink.of(sink, policy), alert);

            // Then the second call came a second after the first, not 10 ms
            assertThat(result.outcome()).isEqualTo(SinkDelivery.Outcome.DELIVERED);
            List<com.github.tomakehurst.wiremock.verification.LoggedRequest> requests = receiver.requests("/v2/enqueue");
            assertThat(requests).hasSize(2);
            long waited = requests.get(1).getLoggedDate().getTime() - requests.get(0).getLoggedDate().getTime();
            assertThat(waited).isGreaterThanOrEqualTo(990L);
        }
    }

    private static GuardedSink guard(AlertSink sink) {
        return GuardedSink.of(sink, new DeliveryPolicy(LONG, Duration.ofMillis(1)).withCircuitBreaker(100_000, Duration.ofMinutes(1)));
    }

    private SinkDelivery delivery(Duration maxAge, AlertSink sink) {
        NotifierMetrics metrics = new NotifierMetrics(registry, List.of(sink.name()));
        return new SinkDelivery(new DeliveryPolicy(maxAge, Duration.ofMillis(1), Duration.ofMillis(20)), metrics, stop);
    }

    private double count(String meter, String sink, String outcome) {
        var search = registry.get(meter).tag("sink", sink);
        if (outcome != null) {
            search = search.tag("outcome", outcome);
        }
        return search.counter().count();
    }

    /** Fails its first {@code failures} calls, then delivers. */
    private static final class ScriptedSink implements AlertSink {
        private final String name;
        private final int failures;
        private final boolean retryable;
        final AtomicInteger calls = new AtomicInteger();
        volatile java.time.Instant lastCall;

        ScriptedSink(String name, int failures, boolean retryable) {
            this.name = name;
            this.failures = failures;
            this.retryable = retryable;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void deliver(Alert alert) throws DeliveryException {
            lastCall = java.time.Instant.now();
            if (calls.incrementAndGet() <= failures) {
                throw new DeliveryException("HTTP 503 from https://events.example.com/v2/enqueue?key=s3cr3t", retryable);
            }
        }
    }
}
