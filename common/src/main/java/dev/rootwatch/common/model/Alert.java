package dev.rootwatch.common.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code rootwatch.alert/v1}: what the evaluator tells on-call. {@code fingerprint} is stable for
 * one incident (FIRING and its RESOLVED share it); {@code alertId} is unique per emission.
 */
public record Alert(
        String schema,
        String alertId,
        String fingerprint,
        AlertType type,
        AlertStatus status,
        Severity severity,
        String accountId,
        String title,
        String summary,
        List<String> eventIds,
        Instant eventTime,
        Instant detectedAt,
        Actor actor,
        String sourceIp,
        String userAgent,
        String region,
        List<String> controls,
        String runbook,
        Map<String, Object> details) {

    public static final String SCHEMA = "rootwatch.alert/v1";
    /**
     * Detail of a FIRING alert of an incident that stays open until RESOLVED: the time until which it is
     * known to be open. The evaluator re-emits the open incident (as a refresh) before then, so a
     * receiver that expires alerts (Alertmanager's {@code endsAt}) keeps it active while it lasts.
     */
    public static final String OPEN_UNTIL = "openUntil";
    /**
     * Detail ({@code true}) of an alert that only says its incident is still open: nothing new happened,
     * so only receivers that expire alerts (Alertmanager) take it; nobody is paged again.
     */
    public static final String REFRESH = "refresh";

    public Alert {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(accountId, "accountId");
        schema = schema == null ? SCHEMA : schema;
        eventIds = eventIds == null ? List.of() : List.copyOf(eventIds);
        controls = controls == null ? List.of() : List.copyOf(controls);
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
}
