package dev.rootwatch.evaluator;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an account remembers to link a weakened trail with root (kept in {@link AccountState}): recent
 * successful root console sign-ins without MFA, and recent trail weakenings not yet linked with one, in
 * whichever order they arrive. Each is kept while a partner may still arrive: its time plus the window
 * plus the grace, by the account's event time.
 *
 * @param signIns    root console sign-ins without MFA, oldest first, at most {@link #MAX_ENTRIES}
 * @param weakenings trail weakenings raised at their type's own severity, oldest first, at most {@link #MAX_ENTRIES}
 */
record RootLinks(List<Sighting> signIns, List<Sighting> weakenings) {

    static final int MAX_ENTRIES = 20;

    RootLinks {
        signIns = signIns == null ? List.of() : List.copyOf(signIns);
        weakenings = weakenings == null ? List.of() : List.copyOf(weakenings);
    }

    static RootLinks empty() {
        return new RootLinks(List.of(), List.of());
    }

    /**
     * One remembered event.
     *
     * @param eventId its CloudTrail eventID
     * @param at      its eventTime
     * @param title   for a weakening, the title of the alert it raised; null for a sign-in
     * @param change  for a weakening, its {@code details.change}; null for a sign-in
     */
    record Sighting(String eventId, Instant at, String title, String change) {

        Sighting {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(at, "at");
        }
    }

    /** The latest remembered sign-in at or before {@code at}, at most {@code window} earlier. */
    Optional<Sighting> signInBefore(Instant at, Duration window) {
        return signIns.stream().filter(signIn -> covers(signIn, at, window)).max(Comparator.comparing(Sighting::at));
    }

    /** The remembered weakenings at or after {@code signIn}, at most {@code window} later. */
    List<Sighting> weakeningsAfter(Sighting signIn, Duration window) {
        return weakenings.stream().filter(weakening -> covers(signIn, weakening.at(), window)).toList();
    }

    RootLinks withSignIn(Sighting signIn) {
        return new RootLinks(Bounded.appendNewest(signIns, signIn, Sighting::at, MAX_ENTRIES), weakenings);
    }

    RootLinks withWeakening(Sighting weakening) {
        return new RootLinks(signIns, Bounded.appendNewest(weakenings, weakening, Sighting::at, MAX_ENTRIES));
    }

    /** Without the weakenings {@code linked}: each is linked with a sign-in once. */
    RootLinks without(List<Sighting> linked) {
        return new RootLinks(signIns, weakenings.stream().filter(w -> !linked.contains(w)).toList());
    }

    /** Without what no partner can arrive for any more at {@code now}. */
    RootLinks expired(Instant now, Duration window, Duration grace) {
        List<Sighting> keptSignIns = signIns.stream().filter(s -> s.at().plus(window).plus(grace).isAfter(now)).toList();
        List<Sighting> keptWeakenings = weakenings.stream().filter(w -> w.at().plus(window).plus(grace).isAfter(now)).toList();
        return keptSignIns.size() == signIns.size() && keptWeakenings.size() == weakenings.size() ? this
                : new RootLinks(keptSignIns, keptWeakenings);
    }

    private static boolean covers(Sighting signIn, Instant at, Duration window) {
        return !at.isBefore(signIn.at()) && !at.isAfter(signIn.at().plus(window));
    }
}
