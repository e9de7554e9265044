package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.Actor;
import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertStatus;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.Severity;
import dev.rootwatch.common.model.TrailEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a detection decided, before {@link AlertFactory} turns it into an alert: the facts and the
 * words of the alert, without id, fingerprint, severity or wall-clock time.
 *
 * @param type             the alert type
 * @param status           FIRING or RESOLVED
 * @param fingerprintBasis what makes the incident unique within its type and account: the
 *                         eventID of an event alert, the opening observation time of a state alert
 * @param sequence         the emission's number within its incident (0 for FIRING)
 * @param incident         for state alerts, the incident opened (FIRING) or closed (RESOLVED); null for event alerts
 * @param eventTime        time of the triggering event or observation
 * @param title            one short line
 * @param summary          one human sentence; never attacker-controlled text such as the user agent
 * @param eventIds         CloudTrail eventIDs behind it
 * @param actor            who did it, or null
 * @param sourceIp         from where, or null
 * @param userAgent        with what client, or null
 * @param region           the event's region, or null
 * @param details          type-specific facts; values may be null
 * @param severity         a severity this alert is raised to above its type's configured one (a weakened trail
 *                         linked with root); null: the configured severity. Never lowers it
 */
record AlertDraft(
        AlertType type,
        AlertStatus status,
        String fingerprintBasis,
        int sequence,
        IncidentChange incident,
        Instant eventTime,
        String title,
        String summary,
        List<String> eventIds,
        Actor actor,
        String sourceIp,
        String userAgent,
        String region,
        Map<String, Object> details,
        Severity severity) {

    /** The incident a state alert opens or closes, with the observation time that opened it. */
    record IncidentChange(Instant openedAt) {

        IncidentChange {
            Objects.requireNonNull(openedAt, "openedAt");
        }
    }

    AlertDraft {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(fingerprintBasis, "fingerprintBasis");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(summary, "summary");
        eventIds = eventIds == null ? List.of() : List.copyOf(eventIds);
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** A draft at its type's configured severity. */
    AlertDraft(AlertType type, AlertStatus status, String fingerprintBasis, int sequence, IncidentChange incident,
               Instant eventTime, String title, String summary, List<String> eventIds, Actor actor, String sourceIp,
               String userAgent, String region, Map<String, Object> details) {
        this(type, status, fingerprintBasis, sequence, incident, eventTime, title, summary, eventIds, actor, sourceIp,
                userAgent, region, details, null);
    }

    /** This draft, raised to {@code raised} where that is more urgent than its type's configured severity. */
    AlertDraft raisedTo(Severity raised) {
        return new AlertDraft(type, status, fingerprintBasis, sequence, incident, eventTime, title, summary, eventIds, actor,
                sourceIp, userAgent, region, details, raised);
    }

    /** The severity of this alert where its type is configured with {@code configured}. */
    Severity severityGiven(Severity configured) {
        return severity != null && severity.compareTo(configured) < 0 ? severity : configured;
    }

    /** A FIRING alert about one CloudTrail event: fingerprinted by its eventID, carrying its who/where. */
    static AlertDraft forEvent(AlertType type, TrailEvent event, String title, String summary, Map<String, Object> details) {
        return new AlertDraft(type, AlertStatus.FIRING, event.eventId(), 0, null, event.eventTime(), title, summary,
                List.of(event.eventId()), event.actor(), event.sourceIp(), event.userAgent(), event.awsRegion(), details);
    }

    /** The FIRING alert that opens a state incident at {@code observedAt}. */
    static AlertDraft incidentFiring(AlertType type, Instant observedAt, String title, String summary,
                                     Map<String, Object> details) {
        return new AlertDraft(type, AlertStatus.FIRING, observedAt.toString(), 0, new IncidentChange(observedAt),
                observedAt, title, summary, List.of(), null, null, null, null, details);
    }

    /**
     * A refresh of an incident that is still open (live mode): the same fingerprint ({@code fingerprintBasis}),
     * {@code details.refresh = true} and {@code details.openUntil}, and an id of its own per refresh interval
     * (its sequence is the negated interval number, never an emission's). Only sinks that expire alerts
     * (Alertmanager) take it: nobody is paged again.
     */
    static AlertDraft refresh(AlertType type, String fingerprintBasis, Instant now, Duration interval, Instant openUntil,
                              String title, String summary, Map<String, Object> facts) {
        Map<String, Object> details = new LinkedHashMap<>(facts);
        details.put(Alert.REFRESH, true);
        details.put(Alert.OPEN_UNTIL, openUntil);
        int slot = (int) Math.min(Integer.MAX_VALUE, now.toEpochMilli() / interval.toMillis());
        return new AlertDraft(type, AlertStatus.FIRING, fingerprintBasis, -slot, null, now, title, summary, List.of(), null,
                null, null, null, details);
    }

    /** This draft, saying its incident is open until {@code until} ({@code details.openUntil}). */
    AlertDraft openUntil(Instant until) {
        Map<String, Object> more = new LinkedHashMap<>(details);
        more.put(Alert.OPEN_UNTIL, until);
        return new AlertDraft(type, status, fingerprintBasis, sequence, incident, eventTime, title, summary, eventIds, actor,
                sourceIp, userAgent, region, more, severity);
    }

    /** The RESOLVED alert that closes {@code open} at {@code observedAt}, sharing its fingerprint. */
    static AlertDraft incidentResolved(AlertType type, OpenIncident open, Instant observedAt, String title,
                                       String summary, Map<String, Object> details) {
        return new AlertDraft(type, AlertStatus.RESOLVED, open.openedAt().toString(), open.emissions(),
                new IncidentChange(open.openedAt()), observedAt, title, summary, List.of(), null, null, null, null,
                details);
    }
}
