package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.Actor;
import dev.rootwatch.common.model.TrailEvent;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * ROOT_ACTIVITY's memory of one account: the root sessions (access key and time slot) reported
 * and not yet concluded, and those concluded recently, so a straggler never reopens one.
 *
 * @param open   sessions with a FIRING and no RESOLVED yet, at most {@link #MAX_OPEN}
 * @param closed sessions concluded, oldest first, at most {@link #MAX_CLOSED}
 */
record RootSessionState(List<Session> open, List<Closed> closed) {

    static final int MAX_OPEN = 24;
    static final int MAX_CLOSED = 64;
    static final int MAX_NAMES = 20;
    /** Stands for the access key of calls that carry none (old events). */
    static final String NO_KEY = "none";

    RootSessionState {
        open = open == null ? List.of() : List.copyOf(open);
        closed = closed == null ? List.of() : List.copyOf(closed);
    }

    static RootSessionState empty() {
        return new RootSessionState(List.of(), List.of());
    }

    /** One root API call, as the alerts describe it. */
    record Call(Instant at, String eventId, String eventSource, String eventName, Actor actor, String sourceIp,
                String userAgent, String region) {

        Call {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(eventId, "eventId");
        }

        static Call of(TrailEvent event) {
            return new Call(event.eventTime(), event.eventId(), event.eventSource(), event.eventName(), event.actor(),
                    event.sourceIp(), Bounded.text(event.userAgent()), event.awsRegion());
        }

        EventRef ref() {
            return new EventRef(at, eventId);
        }
    }

    /**
     * A reported session.
     *
     * @param accessKeyId the session's access key ({@link #NO_KEY} where calls carry none)
     * @param slotStart   start of its time slot
     * @param count       calls in it
     * @param eventIds    its earliest eventIDs, at most the configured number
     * @param eventNames  distinct calls made, at most {@link #MAX_NAMES}
     * @param sourceIps   distinct source addresses, at most {@link #MAX_NAMES}
     * @param earliest    its earliest call
     * @param last        time of its latest call
     */
    record Session(String accessKeyId, Instant slotStart, int count, List<EventRef> eventIds, List<String> eventNames,
                   List<String> sourceIps, Call earliest, Instant last) {

        Session {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(slotStart, "slotStart");
            eventIds = List.copyOf(eventIds);
            eventNames = List.copyOf(eventNames);
            sourceIps = List.copyOf(sourceIps);
        }

        static Session open(String accessKeyId, Instant slotStart, Call call, int maxEventIds) {
            return new Session(accessKeyId, slotStart, 0, List.of(), List.of(), List.of(), call, call.at())
                    .with(call, maxEventIds);
        }

        Session with(Call call, int maxEventIds) {
            boolean earlier = EventRef.ORDER.compare(call.ref(), earliest.ref()) < 0;
            return new Session(accessKeyId, slotStart, count + 1,
                    Bounded.insertFirst(eventIds, call.ref(), EventRef.ORDER, maxEventIds),
                    Bounded.addDistinct(eventNames, call.eventName(), MAX_NAMES),
                    Bounded.addDistinct(sourceIps, call.sourceIp(), MAX_NAMES),
                    earlier ? call : earliest, Bounded.max(last, call.at()));
        }

        boolean is(String key, Instant slot) {
            return accessKeyId.equals(key) && slotStart.equals(slot);
        }
    }

    /**
     * A concluded session.
     *
     * @param lateCalls calls of it that arrived after it was concluded (counted, not reported)
     */
    record Closed(String accessKeyId, Instant slotStart, int lateCalls) {

        boolean is(String key, Instant slot) {
            return accessKeyId.equals(key) && slotStart.equals(slot);
        }
    }
}
