package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.Posture;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs one {@link WindowedDetection} against its store: loads an account's state, applies an
 * event, a posture or the passage of time, then concludes what is due, writes the state back
 * only where it changed (deleting it once empty, so idle accounts cost nothing) and keeps the
 * account's timer at the state's next due time.
 *
 * @param <S> the detection's per-account state
 */
final class WindowedRunner<S> {

    private final WindowedDetection<S> detection;
    private final KeyValueStore<String, S> store;
    private final Timers timers;

    private WindowedRunner(WindowedDetection<S> detection, KeyValueStore<String, S> store, Timers timers) {
        this.detection = Objects.requireNonNull(detection, "detection");
        this.store = Objects.requireNonNull(store, "store");
        this.timers = Objects.requireNonNull(timers, "timers");
    }

    static <S> WindowedRunner<S> of(WindowedDetection<S> detection, ProcessorContext<?, ?> context, Timers timers) {
        KeyValueStore<String, S> store = context.getStateStore(detection.storeName());
        return new WindowedRunner<>(detection, store, timers);
    }

    AlertType type() {
        return detection.type();
    }

    /** The event, then whatever is due at {@code now}. */
    List<AlertDraft> onEvent(String accountId, WindowedDetection.EventFacts facts, Instant now) {
        return run(accountId, state -> detection.onEvent(state, facts), now);
    }

    /** The posture, then whatever is due at {@code now} (null: nothing is concluded). */
    List<AlertDraft> onPosture(String accountId, Posture previous, Posture current, Instant now) {
        return run(accountId, state -> detection.onPosture(state, previous, current), now);
    }

    /** Whatever is due at {@code now}. */
    List<AlertDraft> advance(String accountId, Instant now) {
        return run(accountId, WindowedDetection.Step::unchanged, now);
    }

    private List<AlertDraft> run(String accountId, Function<S, WindowedDetection.Step<S>> apply,
                                 Instant now) {
        S stored = store.get(accountId);
        S before = stored == null ? detection.empty() : stored;
        WindowedDetection.Step<S> step = apply.apply(before);
        if (now != null) {
            step = step.then(detection.advance(accountId, step.state(), now));
        }
        S after = step.state();
        if (!after.equals(before)) {
            if (after.equals(detection.empty())) {
                store.delete(accountId);
            } else {
                store.put(accountId, after);
            }
        }
        timers.reschedule(accountId, detection.type(), detection.nextDue(before), detection.nextDue(after));
        return step.drafts();
    }
}
