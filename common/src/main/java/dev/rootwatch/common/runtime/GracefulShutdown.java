package dev.rootwatch.common.runtime;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns SIGTERM (and SIGINT) into an orderly stop: a JVM shutdown hook asks the running process to
 * stop, waits until it reports {@link #finished()} (sources drained, everything acknowledged,
 * services closed) and then ends the JVM with the status the run reported (0 unless it said
 * otherwise) instead of the signal's 143. When the run ends by itself (an error), the hook stands
 * aside and the process's own exit status stands.
 */
public final class GracefulShutdown {

    private static final Logger LOGGER = LoggerFactory.getLogger(GracefulShutdown.class);

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile int exitCode;

    private GracefulShutdown() {
    }

    /** Without a signal hook: stopped by {@link #requestStop()} alone (tests, embedding). */
    public static GracefulShutdown manual() {
        return new GracefulShutdown();
    }

    /**
     * With a shutdown hook that waits up to {@code timeout} for the run to finish after a signal.
     */
    public static GracefulShutdown onSignal(Duration timeout) {
        GracefulShutdown shutdown = new GracefulShutdown();
        Thread hook = new Thread(() -> shutdown.onJvmShutdown(timeout), "rootwatch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        return shutdown;
    }

    public void requestStop() {
        stopRequested.countDown();
    }

    public boolean isStopRequested() {
        return stopRequested.getCount() == 0;
    }

    /** Blocks until a stop is requested (a signal, or {@link #requestStop()}). */
    public void awaitStopRequest() throws InterruptedException {
        stopRequested.await();
    }

    /** The run has stopped and released everything; a signal's hook may now end the JVM with status 0. */
    public void finished() {
        finished.countDown();
    }

    /** The run has stopped; a signal's hook may now end the JVM with {@code status}. */
    public void finished(int status) {
        exitCode = status;
        finished.countDown();
    }

    private void onJvmShutdown(Duration timeout) {
        if (finished.getCount() == 0) {
            return; // the run ended by itself: its own exit status stands
        }
        LOGGER.info("stop signal received; draining in-flight work timeoutS={}", timeout.toSeconds());
        requestStop();
        boolean done;
        try {
            done = finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done = false;
        }
        if (done) {
            LOGGER.info("drained; exiting");
        } else {
            LOGGER.error("did not finish draining within {} s; exiting anyway (unfinished work is delivered again)",
                    timeout.toSeconds());
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(done ? exitCode : 1);
    }
}
