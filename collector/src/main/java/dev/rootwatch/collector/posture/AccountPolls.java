package dev.rootwatch.collector.posture;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs account reads on the workers, at most one per account at a time.
 * <ul>
 * <li>A sweep's read of an account that is being read already joins that read.</li>
 * <li>An event-triggered refresh reads at once and opens a window of {@code debounce}: requests
 *     within it are coalesced into one more read at its end, which also confirms the first read
 *     (IAM is eventually consistent), and the window stays open while requests keep coming; so an
 *     account is refreshed at most once per window however many events arrive. A refresh of an
 *     account being read reads it once more right after (that read may have begun before the
 *     change).</li>
 * </ul>
 */
final class AccountPolls {

    private static final Logger LOGGER = LoggerFactory.getLogger(AccountPolls.class);

    private final Executor workers;
    private final ScheduledExecutorService timer;
    private final Consumer<String> read;
    private final Duration debounce;
    private final Map<String, State> states = new HashMap<>();

    AccountPolls(Executor workers, ScheduledExecutorService timer, Consumer<String> read, Duration debounce) {
        this.workers = workers;
        this.timer = timer;
        this.read = read;
        this.debounce = debounce;
    }

    /** Reads {@code accountId} for a sweep; the future completes when the read (or the one it joined) ends. */
    synchronized CompletableFuture<Void> read(String accountId) {
        State state = states.computeIfAbsent(accountId, id -> new State());
        return state.inFlight != null ? state.inFlight : launch(accountId, state);
    }

    /** Requests an event-triggered read of {@code accountId}; returns at once. */
    synchronized void refresh(String accountId) {
        State state = states.computeIfAbsent(accountId, id -> new State());
        if (debounce.isZero()) {
            readSoon(accountId, state);
        } else if (state.windowOpen) {
            state.trailing = true;
        } else {
            state.windowOpen = true;
            state.trailing = true;
            readSoon(accountId, state);
            closeWindowLater(accountId);
        }
    }

    synchronized void forget(String accountId) {
        State state = states.get(accountId);
        if (state != null && state.inFlight == null && !state.windowOpen) {
            states.remove(accountId);
        }
    }

    private synchronized void windowEnds(String accountId) {
        State state = states.get(accountId);
        if (state == null) {
            return;
        }
        if (state.trailing) {
            state.trailing = false;
            readSoon(accountId, state);
            closeWindowLater(accountId);
        } else {
            state.windowOpen = false;
        }
    }

    private void closeWindowLater(String accountId) {
        try {
            timer.schedule(() -> windowEnds(accountId), debounce.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOGGER.debug("refresh window not scheduled account={}: closing", accountId);
        }
    }

    private void readSoon(String accountId, State state) {
        if (state.inFlight != null) {
            state.again = true;
        } else {
            launch(accountId, state);
        }
    }

    private CompletableFuture<Void> launch(String accountId, State state) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        state.inFlight = done;
        try {
            workers.execute(() -> run(accountId, done));
        } catch (RejectedExecutionException e) {
            state.inFlight = null;
            done.complete(null);
        }
        return done;
    }

    private void run(String accountId, CompletableFuture<Void> done) {
        try {
            read.accept(accountId);
        } catch (RuntimeException e) {
            LOGGER.error("posture read failed account={}", accountId, e);
        } finally {
            synchronized (this) {
                State state = states.get(accountId);
                if (state != null) {
                    state.inFlight = null;
                    if (state.again) {
                        state.again = false;
                        launch(accountId, state);
                    }
                }
            }
            done.complete(null);
        }
    }

    /** Guarded by the enclosing instance. */
    private static final class State {
        CompletableFuture<Void> inFlight;
        boolean again;
        boolean windowOpen;
        boolean trailing;
    }
}
