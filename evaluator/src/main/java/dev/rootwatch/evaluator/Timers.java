package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.AlertType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The timer index of one task, so that a watermark or the wall clock finds what is due without
 * reading every account: one entry per account and windowed detection at the state's next due
 * time ({@code <19-digit epoch ms>|<account>|<type>}), one per re-notification
 * ({@code r|<epoch ms>|<account>|<type>}), and the task's watermark ({@value #WATERMARK_KEY}).
 * Keys sort by time because the store orders keys by their bytes.
 */
final class Timers {

    static final String WATERMARK_KEY = "watermark";
    private static final String RENOTIFY = "r|";
    private static final String HIGHEST = "|~";

    private final KeyValueStore<String, String> store;

    Timers(KeyValueStore<String, String> store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** A timer for one account and type, by its key in the store. */
    record Due(String key, String accountId, AlertType type) {
    }

    /** Removes a timer a scan returned. */
    void remove(Due due) {
        store.delete(due.key());
    }

    /** Moves the timer of {@code accountId}/{@code type} from {@code previous} to {@code next} (either may be null). */
    void reschedule(String accountId, AlertType type, Instant previous, Instant next) {
        if (Objects.equals(previous, next)) {
            return;
        }
        if (previous != null) {
            store.delete(key("", previous, accountId, type));
        }
        if (next != null) {
            store.put(key("", next, accountId, type), "");
        }
    }

    /** The windowed-detection timers due at or before {@code now}, earliest first. */
    List<Due> dueUpTo(Instant now) {
        return scan("", now);
    }

    void scheduleRenotify(String accountId, AlertType type, Instant at) {
        store.put(key(RENOTIFY, at, accountId, type), "");
    }

    void cancelRenotify(String accountId, AlertType type, Instant at) {
        store.delete(key(RENOTIFY, at, accountId, type));
    }

    /** The re-notification timers due at or before {@code now}, earliest first. */
    List<Due> renotifyDueUpTo(Instant now) {
        return scan(RENOTIFY, now);
    }

    /** The task's watermark, or null before the first one. */
    Instant watermark() {
        String value = store.get(WATERMARK_KEY);
        return value == null ? null : Instant.parse(value);
    }

    /** Raises the task's watermark to {@code at}; it never goes back. */
    void advanceWatermark(Instant at) {
        Instant current = watermark();
        if (current == null || at.isAfter(current)) {
            store.put(WATERMARK_KEY, at.toString());
        }
    }

    private List<Due> scan(String prefix, Instant now) {
        List<Due> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = store.range(prefix + pad(Instant.EPOCH), prefix + pad(now) + HIGHEST)) {
            while (it.hasNext()) {
                KeyValue<String, String> entry = it.next();
                String[] parts = entry.key.substring(prefix.length()).split("\\|");
                due.add(new Due(entry.key, parts[1], AlertType.valueOf(parts[2])));
            }
        }
        return due;
    }

    private static String key(String prefix, Instant at, String accountId, AlertType type) {
        return prefix + pad(at) + "|" + accountId + "|" + type.name();
    }

    /** Epoch milliseconds, 19 digits; an instant outside what a long of milliseconds holds sorts first or last. */
    private static String pad(Instant at) {
        long millis;
        if (at.isBefore(Instant.EPOCH)) {
            millis = 0L;
        } else if (at.getEpochSecond() >= Long.MAX_VALUE / 1000) {
            millis = Long.MAX_VALUE;
        } else {
            millis = at.toEpochMilli();
        }
        // zeros before the digits by hand: String.format parses its pattern on every call, several times per event
        String digits = Long.toString(millis);
        return "0".repeat(19 - digits.length()) + digits;
    }
}
