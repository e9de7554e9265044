package dev.rootwatch.evaluator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/** Copy-on-write helpers that keep the lists inside per-account state bounded. */
final class Bounded {

    /** Longest text (user agents) kept in state; CloudTrail itself truncates at 1 KB. */
    static final int MAX_TEXT = 256;

    private Bounded() {
    }

    /** {@code list} plus {@code item} in {@code order}, without repeats, keeping the first {@code max}. */
    static <T> List<T> insertFirst(List<T> list, T item, Comparator<? super T> order, int max) {
        if (list.contains(item)) {
            return list;
        }
        List<T> out = new ArrayList<>(list);
        out.add(item);
        out.sort(order);
        return List.copyOf(out.size() > max ? out.subList(0, max) : out);
    }

    /** {@code list} plus {@code item} (appended, unless present or null), at most {@code max} entries. */
    static List<String> addDistinct(List<String> list, String item, int max) {
        if (item == null || list.contains(item) || list.size() >= max) {
            return list;
        }
        List<String> out = new ArrayList<>(list);
        out.add(item);
        return List.copyOf(out);
    }

    /** {@code list} plus {@code item}, dropping the oldest (by {@code time}) beyond {@code max}. */
    static <T> List<T> appendNewest(List<T> list, T item, Function<T, Instant> time, int max) {
        List<T> out = new ArrayList<>(list);
        out.add(item);
        out.sort(Comparator.comparing(time));
        return List.copyOf(out.size() > max ? out.subList(out.size() - max, out.size()) : out);
    }

    /** Text cut to {@link #MAX_TEXT} characters; null stays null. */
    static String text(String value) {
        return value == null || value.length() <= MAX_TEXT ? value : value.substring(0, MAX_TEXT);
    }

    /** The earlier of two instants, either of which may be null. */
    static Instant min(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }

    /** The later of two instants, either of which may be null. */
    static Instant max(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
