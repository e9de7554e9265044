package dev.rootwatch.notifier;

import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertStatus;
import java.time.Instant;

/** Bits of an alert every message format shows the same way (before that format's escaping). */
final class AlertText {

    private AlertText() {
    }

    /** {@code CRITICAL FIRING} or {@code RESOLVED}, with the type. */
    static String headline(Alert alert) {
        return alert.status() == AlertStatus.RESOLVED
                ? "RESOLVED " + alert.type()
                : alert.severity() + " " + alert.status() + " " + alert.type();
    }

    /** The alert's title, naming its account once: the account is added only where the title does not name it. */
    static String titleWithAccount(Alert alert) {
        String title = alert.title() == null ? alert.type().name() : alert.title();
        return title.contains(alert.accountId()) ? title : title + " (account " + alert.accountId() + ")";
    }

    static String actor(Alert alert) {
        if (alert.actor() == null) {
            return null;
        }
        if (alert.actor().arn() != null) {
            return alert.actor().arn();
        }
        return alert.actor().type();
    }

    /** When it happened: the event time, else the detection time. */
    static Instant when(Alert alert) {
        return alert.eventTime() != null ? alert.eventTime() : alert.detectedAt();
    }

    static String text(Object value) {
        return value == null ? "-" : value.toString();
    }

    /** Whether the alert only says that its incident is still open ({@code "refresh": true} in its details). */
    static boolean refresh(Alert alert) {
        Object flag = alert.details().get(Alert.REFRESH);
        return Boolean.TRUE.equals(flag) || (flag instanceof String s && s.equalsIgnoreCase("true"));
    }

    /** Until when the evaluator says the alert's incident is open ({@code details.openUntil}), or null. */
    static Instant openUntil(Alert alert) {
        Object value = alert.details().get(Alert.OPEN_UNTIL);
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof String text) {
            try {
                return Instant.parse(text);
            } catch (java.time.format.DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    /** Whether the evaluator marked the alert suppressed ({@code "suppressed": true} in its details). */
    static boolean suppressed(Alert alert) {
        Object flag = alert.details().get("suppressed");
        return Boolean.TRUE.equals(flag) || (flag instanceof String s && s.equalsIgnoreCase("true"));
    }
}
