package dev.rootwatch.evaluator;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * A CloudTrail event by its time and eventID, ordered by time, then id: the order in which
 * aggregated alerts list their "first" eventIDs, the same whatever order the events arrived in.
 */
record EventRef(Instant at, String eventId) {

    static final Comparator<EventRef> ORDER = Comparator.comparing(EventRef::at).thenComparing(EventRef::eventId);

    EventRef {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(eventId, "eventId");
    }
}
