package dev.rootwatch.evaluator;

import java.util.List;
import java.util.Objects;

/**
 * What one successful CloudTrail or Organizations call did to the trail that feeds rootwatch.
 *
 * @param headline   the alert title's opening words ("CloudTrail logging stopped")
 * @param subjectKey the details key naming what was changed ({@code trail}, {@code eventDataStore}, ...)
 * @param subject    the trail name or ARN, event data store ARN or service principal, as the request gave it; may be null
 * @param weakened   what was weakened, most severe first; never empty
 */
record TrailChange(String headline, String subjectKey, String subject, List<Weakened> weakened) {

    TrailChange {
        Objects.requireNonNull(headline, "headline");
        Objects.requireNonNull(subjectKey, "subjectKey");
        weakened = List.copyOf(weakened);
        if (weakened.isEmpty()) {
            throw new IllegalArgumentException("a trail change weakens something");
        }
    }

    /**
     * One weakened aspect.
     *
     * @param change what was weakened
     * @param before the value before, where the event tells it (the account a delegated administrator
     *               deregistration removed); CloudTrail records requests, not the configuration they replace,
     *               so mostly null
     * @param after  the value the request set, as CloudTrail recorded it; null where the call itself is the change
     */
    record Weakened(TrailWeakening change, Object before, Object after) {

        Weakened {
            Objects.requireNonNull(change, "change");
        }

        /** A change whose previous value the event does not tell. */
        static Weakened to(TrailWeakening change, Object after) {
            return new Weakened(change, null, after);
        }
    }
}
