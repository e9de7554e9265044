package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.Posture;
import dev.rootwatch.common.model.TrailEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A detection that remembers one account's events across time: a threshold in a window, a
 * sequence, a wait for an explaining event, a session. Its state is one immutable, bounded value
 * per account, kept as JSON in the detection's own store. The processor feeds it the account's
 * deduplicated events and postures, and moves it forward in time with {@link #advance}: by the
 * account's event time (the latest eventTime seen), by a watermark, and in live mode by the wall
 * clock. Implementations are stateless and deterministic: the same inputs in the same order give
 * the same alerts.
 *
 * @param <S> the per-account state
 */
interface WindowedDetection<S> {

    /** The one alert type this detection raises. */
    AlertType type();

    /** The store its per-account state lives in. */
    String storeName();

    Class<S> stateType();

    /** The state of an account the detection knows nothing about. */
    S empty();

    /** Takes one deduplicated event of the account into account. */
    Step<S> onEvent(S state, EventFacts facts);

    /** Takes a posture observation into account; most detections ignore posture. */
    default Step<S> onPosture(S state, Posture previous, Posture current) {
        return Step.unchanged(state);
    }

    /** Concludes what is due at {@code now} for {@code accountId}: windows whose end plus grace has passed, expired entries. */
    Step<S> advance(String accountId, S state, Instant now);

    /** When {@link #advance} next has something to do; null where the state holds nothing that expires. */
    Instant nextDue(S state);

    /** A new state and the alerts to emit. */
    record Step<S>(S state, List<AlertDraft> drafts) {

        public Step {
            Objects.requireNonNull(state, "state");
            drafts = List.copyOf(drafts);
        }

        static <S> Step<S> unchanged(S state) {
            return new Step<>(state, List.of());
        }

        /** This step's drafts followed by {@code next}'s, with {@code next}'s state. */
        Step<S> then(Step<S> next) {
            if (drafts.isEmpty()) {
                return next;
            }
            List<AlertDraft> all = new ArrayList<>(drafts);
            all.addAll(next.drafts());
            return new Step<>(next.state(), all);
        }
    }

    /**
     * One deduplicated event with what the processor knows about it.
     *
     * @param event    the event
     * @param account  the account's state before the event
     * @param late     true where the event's time plus the grace lies before the account's event
     *                 time: it arrived after its windows could wait for it
     * @param reported the types of the single-event alerts it raised
     */
    record EventFacts(TrailEvent event, AccountState account, boolean late, Set<AlertType> reported) {

        public EventFacts {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(account, "account");
            reported = Set.copyOf(reported);
        }
    }
}
