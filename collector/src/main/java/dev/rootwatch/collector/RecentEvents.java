package dev.rootwatch.collector;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The account and eventID of the last {@link #CAPACITY} relevant events one batch input published,
 * so that an exact repeat (the same event in an S3 file and an EventBridge copy, or a file made of
 * one event copied a million times) is counted as a duplicate and not published again: the
 * evaluator would evaluate it once anyway. Bounded, whatever the input; a repeat older than the
 * capacity is published and the evaluator recognizes it. Not thread-safe: one per input reader.
 */
final class RecentEvents {

    static final int CAPACITY = 65_536;
    /** Keys longer than this (an eventID no CloudTrail writes) are not remembered: such events are always published. */
    private static final int MAX_KEY_LENGTH = 256;

    private final Map<String, Boolean> keys = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > CAPACITY;
        }
    };

    /** True when the event was seen recently (a duplicate); otherwise remembers it. */
    boolean seenBefore(String accountId, String eventId) {
        if (eventId.length() > MAX_KEY_LENGTH) {
            return false;
        }
        return keys.put(accountId + "|" + eventId, Boolean.TRUE) != null;
    }
}
