package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.Posture;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * ROOT_MFA_STATE_UNEXPLAINED's memory of one account: the last MFA state posture reported, the
 * recent root MFA removal events that could explain a change, and changes waiting (for the grace)
 * for an explaining event.
 *
 * @param lastMfaEnabled the last non-null mfaEnabled a posture reported, or null
 * @param lastEnabledAt  when that posture was observed, or null
 * @param removals       recent root MFA removal events, oldest first, at most {@link #MAX_ENTRIES}
 * @param pending        unexplained changes still waiting, oldest first, at most {@link #MAX_ENTRIES}
 */
record UnexplainedState(Boolean lastMfaEnabled, Instant lastEnabledAt, List<EventRef> removals, List<Pending> pending) {

    static final int MAX_ENTRIES = 20;

    UnexplainedState {
        removals = removals == null ? List.of() : List.copyOf(removals);
        pending = pending == null ? List.of() : List.copyOf(pending);
    }

    static UnexplainedState empty() {
        return new UnexplainedState(null, null, List.of(), List.of());
    }

    /**
     * A posture that showed root's MFA gone, with nothing (yet) to explain it.
     *
     * @param observedAt          when that posture was observed (the fingerprint basis)
     * @param enabledObservedAt   when MFA was last seen enabled
     * @param devicesBefore       root MFA devices the last posture listed before the change
     * @param rootPasswordPresent whether root has a password, as that posture says
     */
    record Pending(Instant observedAt, Instant enabledObservedAt, Integer devicesBefore, Boolean rootPasswordPresent) {

        Pending {
            Objects.requireNonNull(observedAt, "observedAt");
        }

        static Pending of(Posture previous, Posture current, Instant enabledAt) {
            return new Pending(current.observedAt(), enabledAt, previous == null ? null : previous.devices().size(),
                    current.rootPasswordPresent());
        }
    }
}
