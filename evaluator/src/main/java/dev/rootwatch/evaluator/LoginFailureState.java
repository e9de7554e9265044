package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.Actor;
import dev.rootwatch.common.model.TrailEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * ROOT_CONSOLE_LOGIN_FAILURES' memory of one account: failed root sign-ins not (yet) part of a
 * burst, and the bursts that have fired and not yet ended. A failure that joins a burst is folded
 * into it (count, first eventIDs, addresses), so a long brute force stays a few hundred bytes.
 *
 * @param bursts     bursts this account has had: the number of the next one, its fingerprint basis
 * @param unassigned failures outside any burst, oldest first, at most {@link #MAX_UNASSIGNED}
 * @param open       bursts that fired and have not ended, at most {@link #MAX_OPEN}
 */
record LoginFailureState(int bursts, List<Failure> unassigned, List<Burst> open) {

    static final int MAX_UNASSIGNED = 100;
    static final int MAX_OPEN = 8;
    static final int MAX_SOURCE_IPS = 20;

    LoginFailureState {
        unassigned = unassigned == null ? List.of() : List.copyOf(unassigned);
        open = open == null ? List.of() : List.copyOf(open);
    }

    static LoginFailureState empty() {
        return new LoginFailureState(0, List.of(), List.of());
    }

    /** One failed root console sign-in. */
    record Failure(Instant at, String eventId, Actor actor, String sourceIp, String userAgent, String region,
                   Boolean mfaUsed) {

        Failure {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(eventId, "eventId");
        }

        static Failure of(TrailEvent event) {
            return new Failure(event.eventTime(), event.eventId(), event.actor(), event.sourceIp(),
                    Bounded.text(event.userAgent()), event.awsRegion(), event.mfaUsed());
        }

        EventRef ref() {
            return new EventRef(at, eventId);
        }

        /** MFAUsed "Yes" on a failure: the password was right, the MFA step failed. */
        boolean passwordAccepted() {
            return Boolean.TRUE.equals(mfaUsed);
        }
    }

    /**
     * A burst that has fired.
     *
     * @param number           its number within the account (fingerprint basis {@code burst-<number>})
     * @param first            time of its earliest failure
     * @param last             time of its latest failure
     * @param count            failures in it
     * @param passwordAccepted failures in it whose password was right (MFA step failed)
     * @param eventIds         its earliest eventIDs, at most the configured number
     * @param sourceIps        distinct source addresses, at most {@link #MAX_SOURCE_IPS}
     * @param earliest         its earliest failure
     */
    record Burst(int number, Instant first, Instant last, int count, int passwordAccepted, List<EventRef> eventIds,
                 List<String> sourceIps, Failure earliest) {

        Burst {
            eventIds = List.copyOf(eventIds);
            sourceIps = List.copyOf(sourceIps);
        }

        static Burst of(int number, List<Failure> members, int maxEventIds) {
            Failure earliest = members.get(0);
            Burst burst = new Burst(number, earliest.at(), earliest.at(), 0, 0, List.of(), List.of(), earliest);
            for (Failure member : members) {
                burst = burst.with(member, maxEventIds);
            }
            return burst;
        }

        /** True where {@code at} lies within {@code window} of the burst. */
        boolean covers(Instant at, Duration window) {
            return !at.isBefore(first.minus(window)) && !at.isAfter(last.plus(window));
        }

        Burst with(Failure failure, int maxEventIds) {
            boolean earlier = EventRef.ORDER.compare(failure.ref(), earliest.ref()) < 0;
            return new Burst(number, Bounded.min(first, failure.at()), Bounded.max(last, failure.at()), count + 1,
                    passwordAccepted + (failure.passwordAccepted() ? 1 : 0),
                    Bounded.insertFirst(eventIds, failure.ref(), EventRef.ORDER, maxEventIds),
                    Bounded.addDistinct(sourceIps, failure.sourceIp(), MAX_SOURCE_IPS),
                    earlier ? failure : earliest);
        }

        List<String> eventIdList() {
            return eventIds.stream().map(EventRef::eventId).toList();
        }
    }
}
