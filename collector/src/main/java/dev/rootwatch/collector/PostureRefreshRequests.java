package dev.rootwatch.collector;

/**
 * Asks the posture poller to read one account again at once. The collector calls it when a root
 * MFA or root credential event passes through, so the evaluator gets IAM's truth within seconds
 * instead of at the next sweep.
 */
@FunctionalInterface
public interface PostureRefreshRequests {

    /** Nothing to refresh (no posture poller in this process, e.g. replay). */
    PostureRefreshRequests NONE = accountId -> { };

    /** Requests a refresh of {@code accountId}; returns at once (the poller debounces and reads later). */
    void refresh(String accountId);
}
