package dev.rootwatch.common.model;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

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

    /**
     * {@link Instant#parse}, read digit by digit for the one form CloudTrail writes ({@code 2026-11-01T12:00:00Z}):
     * the collector takes the delivery lag of every record it scans, and {@link Instant#parse} costs more than
     * sifting a record does. Any other text (fractions, offsets, an invalid date) goes to {@link Instant#parse},
     * with its result or its {@link java.time.format.DateTimeParseException}.
     */
    public static Instant parse(String text) {
        if (text.length() == 20 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(19) == 'Z') {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 2);
            int day = digits(text, 8, 2);
            int hour = digits(text, 11, 2);
            int minute = digits(text, 14, 2);
            int second = digits(text, 17, 2);
            if (year >= 0 && month >= 0 && day >= 0 && hour >= 0 && hour < 24 && minute >= 0 && minute < 60
                    && second >= 0 && second < 60) {
                try {
                    long days = LocalDate.of(year, month, day).toEpochDay();
                    return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second);
                } catch (DateTimeException e) {
                    // no such date (a 30 February): Instant.parse says why
                }
            }
        }
        return Instant.parse(text);
    }

    /** The number written by {@code length} ASCII digits at {@code from}, or -1 where one is not a digit. */
    private static int digits(String text, int from, int length) {
        int value = 0;
        for (int i = from; i < from + length; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
