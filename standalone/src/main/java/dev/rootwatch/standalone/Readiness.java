package dev.rootwatch.standalone;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the two start-up figures an operator asks about: how long from the process's start until
 * {@code /readyz} first said ready (an event arriving then can become an alert at the sinks), and how
 * long from then until the first alert was delivered. Both are logged once and exported as gauges,
 * {@code rootwatch_startup_ready_seconds} and {@code rootwatch_startup_first_delivery_seconds}
 * (NaN until they happen).
 */
final class Readiness implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(Readiness.class);
    private static final Duration CHECK_EVERY = Duration.ofMillis(20);

    private final LongSupplier delivered;
    private final long processStartMillis;
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rootwatch-readiness");
        t.setDaemon(true);
        return t;
    });
    private volatile double readySeconds = Double.NaN;
    private volatile double firstDeliverySeconds = Double.NaN;
    private long readyAtNanos;
    private long deliveredAtReady;

    /** @param delivered how many deliveries the notifier has made so far */
    Readiness(MeterRegistry registry, LongSupplier delivered) {
        this.delivered = delivered;
        this.processStartMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
        Gauge.builder("rootwatch.startup.ready", this, r -> r.readySeconds).baseUnit("seconds")
                .description("From the process's start until it was first ready: an event arriving then becomes an alert at the sinks")
                .register(registry);
        Gauge.builder("rootwatch.startup.first.delivery", this, r -> r.firstDeliverySeconds).baseUnit("seconds")
                .description("From the moment the process was first ready until its first alert was delivered")
                .register(registry);
    }

    /** Starts watching {@code ready}: checks it every 20 ms until it holds, then the deliveries until the first. */
    void watch(BooleanSupplier ready) {
        watcher.scheduleWithFixedDelay(() -> check(ready), 0, CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check(BooleanSupplier ready) {
        if (Double.isNaN(readySeconds)) {
            if (!ready.getAsBoolean()) {
                return;
            }
            readyAtNanos = System.nanoTime();
            deliveredAtReady = delivered.getAsLong();
            readySeconds = (System.currentTimeMillis() - processStartMillis) / 1000.0;
            LOGGER.info("rootwatch ready startupMillis={}", Math.round(readySeconds * 1000));
            return;
        }
        if (delivered.getAsLong() > deliveredAtReady) {
            firstDeliverySeconds = (System.nanoTime() - readyAtNanos) / 1e9;
            LOGGER.info("first alert delivered millisAfterReady={}", Math.round(firstDeliverySeconds * 1000));
            watcher.shutdown();
        }
    }

    @Override
    public void close() {
        watcher.shutdownNow();
    }
}
