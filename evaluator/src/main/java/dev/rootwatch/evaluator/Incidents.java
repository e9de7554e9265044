package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertStatus;
import dev.rootwatch.common.model.AlertType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The open state incidents of one task (ROOT_MFA_DISABLED, ROOT_HARDWARE_MFA_MISSING), kept in
 * step with the state alerts emitted: a FIRING opens one (or, for a re-notification, counts it),
 * a RESOLVED closes it. In live mode it also keeps the re-notification timers.
 */
final class Incidents {

    private final KeyValueStore<String, OpenIncident> store;
    private final Timers timers;
    private final Renotifier renotifier;
    private final boolean live;

    Incidents(KeyValueStore<String, OpenIncident> store, Timers timers, Renotifier renotifier, boolean live) {
        this.store = Objects.requireNonNull(store, "store");
        this.timers = Objects.requireNonNull(timers, "timers");
        this.renotifier = Objects.requireNonNull(renotifier, "renotifier");
        this.live = live;
    }

    /** One open incident of the task, with whose and of what type it is. */
    record Open(String accountId, AlertType type, OpenIncident incident) {
    }

    /** Every incident of the task open now. */
    List<Open> all() {
        List<Open> open = new ArrayList<>();
        try (KeyValueIterator<String, OpenIncident> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, OpenIncident> entry = it.next();
                int bar = entry.key.lastIndexOf('|');
                if (bar > 0 && entry.value != null) {
                    open.add(new Open(entry.key.substring(0, bar), AlertType.valueOf(entry.key.substring(bar + 1)), entry.value));
                }
            }
        }
        return open;
    }

    Optional<OpenIncident> open(String accountId, AlertType type) {
        return Optional.ofNullable(store.get(OpenIncident.key(accountId, type)));
    }

    /**
     * Records an emitted alert of a state incident; alerts of other kinds change nothing.
     *
     * @param notifiedAt when on-call was told: the wall clock live, the alert's eventTime otherwise
     */
    void record(String accountId, AlertDraft draft, Alert alert, Instant notifiedAt) {
        if (draft.incident() == null) {
            return;
        }
        String key = OpenIncident.key(accountId, draft.type());
        OpenIncident existing = store.get(key);
        boolean timed = live && renotifier.applies(draft.type());
        if (existing != null && timed) {
            timers.cancelRenotify(accountId, draft.type(), renotifier.dueAt(existing));
        }
        if (draft.status() == AlertStatus.RESOLVED) {
            store.delete(key);
            return;
        }
        OpenIncident next = existing != null && existing.fingerprint().equals(alert.fingerprint())
                ? existing.renotified(notifiedAt)
                : new OpenIncident(alert.fingerprint(), draft.incident().openedAt(), alert.eventTime(),
                        draft.sequence() + 1, notifiedAt, 0, alert.title(), alert.summary());
        store.put(key, next);
        if (timed) {
            timers.scheduleRenotify(accountId, draft.type(), renotifier.dueAt(next));
        }
    }
}
