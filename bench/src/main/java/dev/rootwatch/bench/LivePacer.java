package dev.rootwatch.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a task at an even pace: call number {@code i} is due {@code i / rate} seconds after the
 * start, on whichever of {@code threads} threads is free, so a slow call does not hold the
 * others back. When calls fall behind, they run as soon as a thread frees up rather than being
 * skipped: the bench reports the rate it reached, never the rate it asked for.
 */
final class LivePacer implements AutoCloseable {

    /** One paced call. */
    @FunctionalInterface
    interface Task {
        void run(long index) throws Exception;
    }

    private final String name;
    private final double perSecond;
    private final long count;
    private final int threads;
    private final Task task;
    private final AtomicLong next = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean stopped;
    private long startNanos;
    private volatile long endNanos;

    /**
     * @param perSecond calls per second
     * @param count     calls in all, or {@link Long#MAX_VALUE} to run until {@link #close}
     */
    LivePacer(String name, double perSecond, long count, int threads, Task task) {
        this.name = name;
        this.perSecond = perSecond;
        this.count = count;
        this.threads = threads;
        this.task = task;
    }

    synchronized void start() {
        startNanos = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::work, "livebench-" + name + "-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    private void work() {
        while (!stopped) {
            long i = next.getAndIncrement();
            if (i >= count) {
                return;
            }
            long due = startNanos + (long) (i * 1e9 / perSecond);
            long wait;
            while (!stopped && (wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            if (stopped) {
                return;
            }
            try {
                task.run(i);
            } catch (Exception e) {
                failures.incrementAndGet();
                firstFailure.compareAndSet(null, e);
            }
        }
    }

    /** Waits until every call of a counted pacer has run; false on timeout. */
    boolean awaitDone(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (Thread t : workers) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            t.join(left);
            if (t.isAlive()) {
                return false;
            }
        }
        endNanos = System.nanoTime();
        return true;
    }

    /** Stops starting calls, waits for the calls under way, and notes the end time. */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        for (Thread t : workers) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        if (endNanos == 0) {
            endNanos = System.nanoTime();
        }
    }

    /** Seconds from the start to the end (or to now, while running). */
    double seconds() {
        return ((endNanos == 0 ? System.nanoTime() : endNanos) - startNanos) / 1e9;
    }

    long failures() {
        return failures.get();
    }

    Exception firstFailure() {
        return firstFailure.get();
    }
}
