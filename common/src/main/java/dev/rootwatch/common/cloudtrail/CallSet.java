package dev.rootwatch.common.cloudtrail;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A set of CloudTrail calls, each an event name within its event source
 * ({@code cloudtrail.amazonaws.com} / {@code StopLogging}). Immutable.
 *
 * @param bySource the event names of each event source
 */
public record CallSet(Map<String, Set<String>> bySource) {

    public CallSet {
        Objects.requireNonNull(bySource, "bySource");
        Map<String, Set<String>> copy = new TreeMap<>();
        bySource.forEach((source, names) -> copy.put(source, Set.copyOf(new TreeSet<>(names))));
        bySource = Map.copyOf(copy);
    }

    /** Whether the call {@code eventName} of {@code eventSource} is in the set; false for nulls. */
    public boolean contains(String eventSource, String eventName) {
        Set<String> names = eventSource == null ? null : bySource.get(eventSource);
        return names != null && eventName != null && names.contains(eventName);
    }

    /** Every event name of the set, sorted, each once. */
    public List<String> eventNames() {
        Set<String> names = new TreeSet<>();
        bySource.values().forEach(names::addAll);
        return List.copyOf(names);
    }

    /** Every event source of the set. */
    public Set<String> eventSources() {
        return bySource.keySet();
    }
}
