package dev.rootwatch.notifier;

import dev.rootwatch.common.model.Actor;
import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertStatus;
import dev.rootwatch.common.model.AlertType;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Alerts the notifier's tests write themselves. */
final class TestAlerts {

    static final Instant EVENT_TIME = Instant.parse("2026-11-01T12:00:00Z");

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
                List.of("ev-" + alertId), EVENT_TIME, EVENT_TIME.plusSeconds(5),
                new Actor("Root", "arn:aws:iam::" + accountId + ":root", accountId, null, null),
                sourceIp, userAgent, "us-east-1", type.controls(), type.runbook(),
                Map.of("sequence", alertId, "mfaUsed", "No"));
    }
}
