package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.AlertStatus;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.Compliance;
import dev.rootwatch.common.model.Posture;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Escalation of ROOT_MFA_DISABLED: an incident still open {@code renotifyEvery} after on-call was
 * last told is told again, instead of going quiet. The re-notification is a new FIRING emission
 * with the incident's fingerprint (a new alertId by its sequence number) and
 * {@code details.renotification = n}. Live, the wall clock decides; otherwise (replay) the
 * observedAt of a posture that still shows the account NON_COMPLIANT does.
 */
final class Renotifier {

    static final AlertType TYPE = AlertType.ROOT_MFA_DISABLED;

    private final Duration every;

    Renotifier(DetectionParameters parameters) {
        this.every = Objects.requireNonNull(parameters, "parameters").renotifyEvery();
    }

    /** True where incidents of {@code type} are re-notified. */
    boolean applies(AlertType type) {
        return type == TYPE && !every.isZero();
    }

    /** When {@code incident} is next due for re-notification. */
    Instant dueAt(OpenIncident incident) {
        return incident.notifiedAt().plus(every);
    }

    /** Replay mode: the re-notification {@code current} makes due, if any. */
    Optional<AlertDraft> byObservation(String accountId, OpenIncident incident, Posture current) {
        if (!applies(TYPE) || current.compliance() != Compliance.NON_COMPLIANT
                || current.observedAt().isBefore(dueAt(incident))) {
            return Optional.empty();
        }
        return Optional.of(draft(accountId, incident, current.observedAt(), current.observedAt()));
    }

    /**
     * The re-notification of {@code incident}.
     *
     * @param eventTime the alert's eventTime: the latest observation that the account is still non-compliant
     * @param now       the time it is notified at (wall clock live, observation time otherwise)
     */
    AlertDraft draft(String accountId, OpenIncident incident, Instant eventTime, Instant now) {
        int renotification = incident.renotifications() + 1;
        Duration open = Duration.between(incident.openedAt(), now);
        String title = "Root user still has no MFA in account " + accountId;
        String summary = "The root user of " + accountId + " has had no MFA since " + incident.openedAt()
                + " and the incident is still open (reminder " + renotification + ").";
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("renotification", renotification);
        details.put("openedAt", incident.openedAt());
        details.put("openForMinutes", open.isNegative() ? 0 : open.toMinutes());
        details.put("renotifyEveryMinutes", every.toMinutes());
        return new AlertDraft(TYPE, AlertStatus.FIRING, incident.openedAt().toString(), incident.emissions(),
                new AlertDraft.IncidentChange(incident.openedAt()), eventTime, title, summary, List.of(), null, null,
                null, null, details);
    }
}
