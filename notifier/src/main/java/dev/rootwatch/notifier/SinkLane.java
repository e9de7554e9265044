package dev.rootwatch.notifier;

import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.text.LogSafe;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sink's own thread and queue. Alerts reach a sink in the order the notifier read them (so in
 * per-account order), one at a time, retried in place; a slow or dead sink holds up only its own
 * lane, never another sink's.
 */
final class SinkLane {

    private static final Logger LOGGER = LoggerFactory.getLogger(SinkLane.class);

    /** What a lane does with an alert its sink gave up on. */
    @FunctionalInterface
    interface GiveUp {
        /** @return whether the dead letter is written (false only when the notifier is stopping) */
        boolean deadLetter(GuardedSink sink, Alert alert, SinkDelivery.Result result);
    }

    private final GuardedSink sink;
    private final SinkDelivery delivery;
    private final StopSignal stop;
    private final GiveUp giveUp;
    private final Runnable onDelivered;
    private final ThreadPoolExecutor executor;

    /** @param onDelivered run once for each alert the sink delivered */
    SinkLane(GuardedSink sink, SinkDelivery delivery, StopSignal stop, GiveUp giveUp, Runnable onDelivered) {
        this.sink = sink;
        this.delivery = delivery;
        this.stop = stop;
        this.giveUp = giveUp;
        this.onDelivered = onDelivered;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "rootwatch-notifier-sink-" + sink.name());
            thread.setDaemon(true);
            return thread;
        });
    }

    GuardedSink sink() {
        return sink;
    }

    void submit(PendingRecord record, Alert alert) {
        executor.execute(() -> run(record, alert));
    }

    /** Alerts waiting for this sink, not counting the one in delivery. */
    int queued() {
        return executor.getQueue().size();
    }

    private void run(PendingRecord record, Alert alert) {
        if (record.cancelled() || stop.requested()) {
            return;
        }
        try {
            SinkDelivery.Result result = delivery.deliver(sink, alert);
            switch (result.outcome()) {
                case DELIVERED -> {
                    onDelivered.run();
                    record.finish();
                }
                case GAVE_UP -> {
                    if (giveUp.deadLetter(sink, alert, result)) {
                        record.finish();
                    }
                }
                case STOPPED -> LOGGER.debug("delivery stopped, alert left for the next notifier sink={} alertId={}",
                        sink.name(), LogSafe.escape(alert.alertId(), 80));
            }
        } catch (RuntimeException e) {
            // a bug: the record stays unfinished (so uncommitted, delivered again after a restart)
            LOGGER.error("sink lane failed, alert left uncommitted sink={} alertId={} error={}", sink.name(),
                    LogSafe.escape(alert.alertId(), 80), ErrorText.redact(e.toString()));
            LOGGER.debug("sink lane failure stack trace sink={}", sink.name(), e);
        }
    }

    /** Takes no more alerts; queued ones are skipped (the notifier is stopping). */
    void shutdown() {
        executor.shutdown();
    }

    boolean awaitTermination(Duration timeout) throws InterruptedException {
        return executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Interrupts a call still running (an HTTP request is abandoned). */
    void abandon() {
        executor.shutdownNow();
    }
}
