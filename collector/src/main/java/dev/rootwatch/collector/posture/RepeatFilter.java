package dev.rootwatch.collector.posture;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells whether a problem of an account is new: the same failure at every sweep (a member role
 * missing a permission) is worth one WARN line when it starts, not one every fifteen minutes.
 */
final class RepeatFilter {

    private final Map<String, String> last = new ConcurrentHashMap<>();

    /** True when {@code problem} differs from the last one noted for {@code accountId}; null clears it. */
    boolean isNew(String accountId, String problem) {
        String previous = problem == null ? last.remove(accountId) : last.put(accountId, problem);
        return problem != null && !Objects.equals(previous, problem);
    }

    void retainOnly(Set<String> accountIds) {
        last.keySet().retainAll(accountIds);
    }
}
