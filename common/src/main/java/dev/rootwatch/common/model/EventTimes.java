package dev.rootwatch.common.model;

import java.time.Duration;
import java.time.Instant;

/**
 * The range of event times rootwatch accepts. CloudTrail started recording in November 2013, so
 * an earlier time is not a CloudTrail time; a time more than {@link #MAX_AHEAD} after the wall
 * clock cannot have happened yet. Both are refused where an input enters (the collector's
 * normalization), so no time can drive the evaluator's arithmetic past what an {@link Instant}
 * holds; the evaluator itself, whose result must not depend on the wall clock, keeps only the
 * fixed bounds {@link #EARLIEST} and {@link Watermark#END_OF_INPUT}.
 */
public final class EventTimes {

    /** Before CloudTrail existed (it launched on 13 November 2013). */
    public static final Instant EARLIEST = Instant.parse("2013-11-01T00:00:00Z");
    /** How far ahead of the wall clock an event time may be (clock skew between AWS hosts and rootwatch). */
    public static final Duration MAX_AHEAD = Duration.ofDays(1);

    private EventTimes() {
    }

    /**
     * Why {@code time} is refused as the time of something observed at {@code now}, or null when it is accepted.
     *
     * @param what the field, for the message ("eventTime", "observedAt")
     */
    public static String problem(String what, Instant time, Instant now) {
        if (time.isBefore(EARLIEST)) {
            return what + " " + time + " is before " + EARLIEST + ", when CloudTrail did not exist yet";
        }
        if (time.isAfter(now.plus(MAX_AHEAD))) {
            return what + " " + time + " is more than " + MAX_AHEAD.toHours() + " hours after the wall clock (" + now + ")";
        }
        return null;
    }

    /** Why {@code time} falls outside the fixed bounds the evaluator can compute with, or null when it does not. */
    public static String outsideFixedBounds(String what, Instant time) {
        if (time.isBefore(EARLIEST) || time.isAfter(Watermark.END_OF_INPUT)) {
            return what + " " + time + " is outside " + EARLIEST + " to " + Watermark.END_OF_INPUT;
        }
        return null;
    }
}
