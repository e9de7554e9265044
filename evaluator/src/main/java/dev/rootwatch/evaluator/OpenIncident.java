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
 */
record OpenIncident(String fingerprint, Instant openedAt, Instant firingEventTime, int emissions) {

    OpenIncident {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(openedAt, "openedAt");
        if (emissions < 1) {
            throw new IllegalArgumentException("an open incident has emitted at least its FIRING alert");
        }
    }

    static String key(String accountId, AlertType type) {
        return accountId + "|" + type.name();
    }
}
