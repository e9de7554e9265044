package dev.rootwatch.notifier;

import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.text.LogSafe;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers one alert to one sink under the {@link DeliveryPolicy}: attempts, backoff, metrics. */
final class SinkDelivery {

    private static final Logger LOGGER = LoggerFactory.getLogger(SinkDelivery.class);

    /** How one alert's delivery to one sink ended. */
    enum Outcome {
        DELIVERED,
        /** The retry budget is spent or the failure is not retryable: dead-letter the alert. */
        GAVE_UP,
        /** The notifier is stopping: leave the record uncommitted, it is delivered again later. */
        STOPPED
    }

    /**
     * @param outcome  how it ended
     * @param attempts calls of the sink made
     * @param error    the last failure, redacted (null when delivered)
     */
    record Result(Outcome outcome, int attempts, String error) {
    }

    private final DeliveryPolicy policy;
    private final NotifierMetrics metrics;
    private final StopSignal stop;

    SinkDelivery(DeliveryPolicy policy, NotifierMetrics metrics, StopSignal stop) {
        this.policy = policy;
        this.metrics = metrics;
        this.stop = stop;
    }

    Result deliver(AlertSink sink, Alert alert) {
        String error = null;
        for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
            if (stop.requested() || !stop.sleep(policy.backoffBefore(attempt))) {
                return new Result(Outcome.STOPPED, attempt - 1, error);
            }
            long started = System.nanoTime();
            try {
                sink.deliver(alert);
                metrics.attempt(sink.name(), Duration.ofNanos(System.nanoTime() - started));
                metrics.delivered(sink.name());
                LOGGER.debug("alert delivered sink={} alertId={} attempt={}", sink.name(), LogSafe.escape(alert.alertId(), 80), attempt);
                return new Result(Outcome.DELIVERED, attempt, null);
            } catch (DeliveryException e) {
                error = failed(sink, alert, attempt, started, e.getMessage(), e.retryable(), null);
                if (!e.retryable()) {
                    return new Result(Outcome.GAVE_UP, attempt, error);
                }
            } catch (RuntimeException e) {
                // a sink's bug or an unexpected client error: often transient, so tried again
                error = failed(sink, alert, attempt, started,
                        "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage(), true, e);
            }
        }
        return new Result(Outcome.GAVE_UP, policy.maxAttempts(), error);
    }

    private String failed(AlertSink sink, Alert alert, int attempt, long started, String message,
                          boolean retryable, RuntimeException unexpected) {
        metrics.attempt(sink.name(), Duration.ofNanos(System.nanoTime() - started));
        metrics.failed(sink.name());
        String error = ErrorText.redact(message);
        if (unexpected != null) {
            // its message may hold a webhook URL: the stack trace only at DEBUG
            LOGGER.warn("sink threw unexpectedly sink={} alertId={} attempt={}/{} error=\"{}\"", sink.name(),
                    LogSafe.escape(alert.alertId(), 80), attempt, policy.maxAttempts(), error);
            LOGGER.debug("sink failure stack trace sink={}", sink.name(), unexpected);
        } else {
            LOGGER.info("delivery failed sink={} alertId={} attempt={}/{} retryable={} error=\"{}\"", sink.name(),
                    LogSafe.escape(alert.alertId(), 80), attempt, policy.maxAttempts(), retryable, error);
        }
        return error;
    }
}
