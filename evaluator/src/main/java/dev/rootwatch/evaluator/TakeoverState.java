package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.Actor;
import dev.rootwatch.common.model.TrailEvent;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * ROOT_TAKEOVER_SEQUENCE's memory of one account: recent successful root console sign-ins and
 * recent removals of root's MFA devices, each kept only as long as a partner may still arrive.
 *
 * @param logins   sign-ins, oldest first, at most {@link #MAX_ENTRIES}
 * @param removals MFA removals, oldest first, at most {@link #MAX_ENTRIES}
 */
record TakeoverState(List<Login> logins, List<Removal> removals) {

    static final int MAX_ENTRIES = 20;

    TakeoverState {
        logins = logins == null ? List.of() : List.copyOf(logins);
        removals = removals == null ? List.of() : List.copyOf(removals);
    }

    static TakeoverState empty() {
        return new TakeoverState(List.of(), List.of());
    }

    /**
     * A successful root console sign-in.
     *
     * @param fired true once a takeover alert was raised for it (one per sign-in)
     */
    record Login(Instant at, String eventId, Actor actor, String sourceIp, String userAgent, String region,
                 Boolean mfaUsed, boolean fired) {

        Login {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(eventId, "eventId");
        }

        static Login of(TrailEvent event) {
            return new Login(event.eventTime(), event.eventId(), event.actor(), event.sourceIp(),
                    Bounded.text(event.userAgent()), event.awsRegion(), event.mfaUsed(), false);
        }

        Login markFired() {
            return new Login(at, eventId, actor, sourceIp, userAgent, region, mfaUsed, true);
        }
    }

    /** A successful DeactivateMFADevice or DeleteVirtualMFADevice of one of root's devices. */
    record Removal(Instant at, String eventId, String eventName, String serialNumber, String actorArn,
                   String sourceIp) {

        Removal {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(eventId, "eventId");
        }

        static Removal of(TrailEvent event) {
            return new Removal(event.eventTime(), event.eventId(), event.eventName(), event.target().serialNumber(),
                    event.actor().arn(), event.sourceIp());
        }

        EventRef ref() {
            return new EventRef(at, eventId);
        }
    }
}
