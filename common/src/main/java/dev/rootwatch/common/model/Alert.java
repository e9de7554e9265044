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
