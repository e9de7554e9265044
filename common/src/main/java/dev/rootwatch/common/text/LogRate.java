package dev.rootwatch.common.text;

import java.util.function.LongSupplier;

/**
 * Lets log lines of one kind through at a steady rate after a burst, so that input made of
 * nothing but bad records cannot flood the log: what it holds back is counted, and the next line
 * let through says how many were held back. Thread-safe.
 */
public final class LogRate {

    private final double perNano;
    private final double burst;
    private final LongSupplier nanos;
    private double tokens;
    private long last;
    private long held;

    /**
     * @param perSecond lines let through per second once the burst is spent
     * @param burst     lines let through at once
     */
    public LogRate(int perSecond, int burst) {
        this(perSecond, burst, System::nanoTime);
    }

    LogRate(int perSecond, int burst, LongSupplier nanos) {
        if (perSecond <= 0 || burst <= 0) {
            throw new IllegalArgumentException("perSecond and burst must be positive");
        }
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.nanos = nanos;
        this.tokens = burst;
        this.last = nanos.getAsLong();
    }

    /** -1 when this line is to be held back; otherwise how many lines were held back since the last one let through. */
    public synchronized long admit() {
        long now = nanos.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        if (tokens < 1) {
            held++;
            return -1;
        }
        tokens -= 1;
        long wasHeld = held;
        held = 0;
        return wasHeld;
    }

    /** What to append to a line let through: nothing, or how many lines like it were held back before it. */
    public static String heldBack(long held) {
        return held > 0 ? " heldBack=" + held : "";
    }
}
