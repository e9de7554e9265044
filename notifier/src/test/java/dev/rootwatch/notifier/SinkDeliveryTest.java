package dev.rootwatch.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootwatch.common.model.Alert;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SinkDeliveryTest {

    private static final Alert ALERT = TestAlerts.loginWithoutMfa("a-1", "111122223333");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final StopSignal stop = new StopSignal();

    @Test
    void retriesARetryableFailureUntilTheSinkSucceeds() {
        // Given a sink that fails twice, then works
        ScriptedSink sink = new ScriptedSink("flaky", 2, true);
        SinkDelivery delivery = delivery(5, sink);

        // When an alert is delivered
        SinkDelivery.Result result = delivery.deliver(sink, ALERT);

        // Then it took three calls, all counted
        assertThat(result.outcome()).isEqualTo(SinkDelivery.Outcome.DELIVERED);
        assertThat(result.attempts()).isEqualTo(3);
        assertThat(count(NotifierMetrics.ATTEMPTS, "flaky", null)).isEqualTo(3);
        assertThat(count(NotifierMetrics.DELIVERIES, "flaky", "failed")).isEqualTo(2);
        assertThat(count(NotifierMetrics.DELIVERIES, "flaky", "delivered")).isEqualTo(1);
        assertThat(registry.get(NotifierMetrics.LATENCY).tag("sink", "flaky").timer().count()).isEqualTo(3);
    }

    @Test
    void givesUpAfterTheRetryBudget() {
        // Given a sink that always fails with a retryable error quoting its URL
        ScriptedSink sink = new ScriptedSink("down", Integer.MAX_VALUE, true);
        SinkDelivery delivery = delivery(4, sink);

        // When an alert is delivered
        SinkDelivery.Result result = delivery.deliver(sink, ALERT);

        // Then the budget is spent and the error kept, without the URL
        assertThat(result.outcome()).isEqualTo(SinkDelivery.Outcome.GAVE_UP);
        assertThat(result.attempts()).isEqualTo(4);
        assertThat(result.error()).isEqualTo("HTTP 503 from <url>");
        assertThat(sink.calls.get()).isEqualTo(4);
    }

    @Test
    void givesUpAtOnceOnANonRetryableFailure() {
        // Given a sink that rejects the alert
        ScriptedSink sink = new ScriptedSink("strict", Integer.MAX_VALUE, false);
        SinkDelivery delivery = delivery(5, sink);

        // When an alert is delivered
        SinkDelivery.Result result = delivery.deliver(sink, ALERT);

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
        SinkDelivery delivery = delivery(3, sink);

        // When an alert is delivered
        SinkDelivery.Result result = delivery.deliver(sink, ALERT);

        // Then the second call delivered it
        assertThat(result.outcome()).isEqualTo(SinkDelivery.Outcome.DELIVERED);
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void stopsWaitingWhenTheNotifierStops() {
        // Given a failing sink and a long backoff, and the notifier stopping
        ScriptedSink sink = new ScriptedSink("down", Integer.MAX_VALUE, true);
        NotifierMetrics metrics = new NotifierMetrics(registry, List.of(sink.name()));
        SinkDelivery delivery = new SinkDelivery(new DeliveryPolicy(5, Duration.ofMinutes(10)), metrics, stop);
        stop.request();

        // When an alert is delivered
        SinkDelivery.Result result = delivery.deliver(sink, ALERT);

        // Then the delivery ends at once as stopped, not as given up
        assertThat(result.outcome()).isEqualTo(SinkDelivery.Outcome.STOPPED);
        assertThat(sink.calls.get()).isZero();
    }

    private SinkDelivery delivery(int attempts, AlertSink sink) {
        NotifierMetrics metrics = new NotifierMetrics(registry, List.of(sink.name()));
        return new SinkDelivery(new DeliveryPolicy(attempts, Duration.ofMillis(1)), metrics, stop);
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
            if (calls.incrementAndGet() <= failures) {
                throw new DeliveryException("HTTP 503 from https://events.example.com/v2/enqueue?key=s3cr3t", retryable);
            }
        }
    }
}
