package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.AlertType;
import java.time.Instant;
import java.util.Objects;

/**
 * A state alert that has fired and not yet resolved, stored as JSON in the incident store under
 * {@code accountId|type}.
 *
 * @param fingerprint      the fingerprint its FIRING alert carried (its RESOLVED carries it too)
 * @param openedAt         the observation time that opened it, the basis of the fingerprint
 * @param firingEventTime  the eventTime of its FIRING alert
 * @param emissions        how many alerts have been emitted for it: the sequence number of the next one
 * @param notifiedAt       when on-call was last told about it: the wall clock in live mode, the
 *                         observation time otherwise; re-notification counts from here
 * @param renotifications  how many times it was re-notified
 * @param title            its FIRING alert's title (what a refresh repeats); null in state stored before it was kept
 * @param summary          its FIRING alert's summary, likewise
 */
record OpenIncident(String fingerprint, Instant openedAt, Instant firingEventTime, int emissions, Instant notifiedAt,
                    int renotifications, String title, String summary) {

    OpenIncident {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(openedAt, "openedAt");
        if (emissions < 1) {
            throw new IllegalArgumentException("an open incident has emitted at least its FIRING alert");
        }
        notifiedAt = notifiedAt == null ? (firingEventTime == null ? openedAt : firingEventTime) : notifiedAt;
    }

    static String key(String accountId, AlertType type) {
        return accountId + "|" + type.name();
    }

    /** The incident after one more emission that re-notified it at {@code at}. */
    OpenIncident renotified(Instant at) {
        return new OpenIncident(fingerprint, openedAt, firingEventTime, emissions + 1, at, renotifications + 1, title, summary);
    }
}
