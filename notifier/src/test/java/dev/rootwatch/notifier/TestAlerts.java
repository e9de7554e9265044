package dev.rootwatch.notifier;

import dev.rootwatch.common.model.Actor;
import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertStatus;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Alerts the notifier's tests write themselves. */
final class TestAlerts {

    static final Instant EVENT_TIME = Instant.parse("2026-11-01T12:00:00Z");
    static final Instant DETECTED_AT = EVENT_TIME.plusSeconds(5);
    /** A user agent an attacker chose: mentions, formatting, a disguised link, markup, and 10 KB of filler. */
    static final String HOSTILE_USER_AGENT = "<!channel> <!here> <@U024BE7LH> *bold* _it_ ~gone~ `code` <https://evil.example/login|click>"
            + " [click](https://evil.example) **strong** <at>Everyone</at> <b>html</b> & \u001b[31mred\n" + "A".repeat(10_240);

    private TestAlerts() {
    }

    static Alert loginWithoutMfa(String alertId, String accountId) {
        return loginWithoutMfa(alertId, accountId, "198.51.100.7", "Mozilla/5.0 (X11; Linux x86_64)");
    }

    static Alert loginWithoutMfa(String alertId, String accountId, String sourceIp, String userAgent) {
        AlertType type = AlertType.ROOT_CONSOLE_LOGIN_WITHOUT_MFA;
        return new Alert(Alert.SCHEMA, alertId, "fp-" + accountId + "-login", type, AlertStatus.FIRING,
                type.defaultSeverity(), accountId, "Root signed in without MFA",
                "The root user of account " + accountId + " signed in to the console without MFA.",
                List.of("ev-" + alertId), EVENT_TIME, DETECTED_AT,
                new Actor("Root", "arn:aws:iam::" + accountId + ":root", accountId, null, null),
                sourceIp, userAgent, "us-east-1", type.controls(), type.runbook(),
                Map.of("sequence", alertId, "mfaUsed", "No"));
    }

    /** An alert of {@code type} at {@code severity}, with {@code details}. */
    static Alert alert(String alertId, String accountId, AlertType type, Severity severity, AlertStatus status,
                       Map<String, Object> details) {
        return new Alert(Alert.SCHEMA, alertId, "fp-" + accountId + "-" + type, type, status, severity, accountId,
                "Title of " + type, "Summary of " + type + " for " + accountId + ".", List.of("ev-" + alertId),
                EVENT_TIME, DETECTED_AT, new Actor("Root", "arn:aws:iam::" + accountId + ":root", accountId, null, null),
                "198.51.100.7", "aws-cli/2.15.0", "us-east-1", type.controls(), type.runbook(), details);
    }

    /** {@code alert} as if detected just now: its delivery is retried for the whole of a policy's maximum age. */
    static Alert fresh(Alert alert) {
        return new Alert(alert.schema(), alert.alertId(), alert.fingerprint(), alert.type(), alert.status(), alert.severity(),
                alert.accountId(), alert.title(), alert.summary(), alert.eventIds(), alert.eventTime(), Instant.now(), alert.actor(),
                alert.sourceIp(), alert.userAgent(), alert.region(), alert.controls(), alert.runbook(), alert.details());
    }

    /** The RESOLVED of {@code firing}: same fingerprint, new id, detected later. */
    static Alert resolved(Alert firing, String alertId) {
        return new Alert(Alert.SCHEMA, alertId, firing.fingerprint(), firing.type(), AlertStatus.RESOLVED, firing.severity(),
                firing.accountId(), firing.title(), firing.summary(), firing.eventIds(), firing.eventTime().plusSeconds(600),
                firing.detectedAt().plusSeconds(600), firing.actor(), firing.sourceIp(), firing.userAgent(), firing.region(),
                firing.controls(), firing.runbook(), firing.details());
    }
}
