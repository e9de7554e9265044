package dev.rootwatch.notifier;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rootwatch.common.json.Json;
import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertStatus;
import dev.rootwatch.common.model.Severity;
import java.net.URI;

/**
 * The PagerDuty Events API v2 event for an alert: {@code trigger} for FIRING, {@code resolve} for
 * RESOLVED, both with {@code dedup_key} = the alert's fingerprint, so a redelivered trigger joins
 * the open incident and the RESOLVED closes it. Texts are plain (PagerDuty renders no markup),
 * without control characters and cut to PagerDuty's limits (summary: 1024 characters).
 */
final class PagerDutyEvent {

    static final int SUMMARY_MAX = 1024;
    static final int DETAIL_MAX = 1024;
    static final int MAX_EVENT_IDS = 20;

    private PagerDutyEvent() {
    }

    static ObjectNode of(Alert alert, String routingKey, URI linkUrl) {
        ObjectNode event = Json.mapper().createObjectNode();
        event.put("routing_key", routingKey);
        event.put("dedup_key", alert.fingerprint());
        if (alert.status() == AlertStatus.RESOLVED) {
            event.put("event_action", "resolve");
            return event;
        }
        event.put("event_action", "trigger");
        ObjectNode payload = event.putObject("payload");
        payload.put("summary", summary(alert));
        payload.put("source", "aws-account-" + Texts.plain(alert.accountId(), 64));
        payload.put("severity", severity(alert.severity()));
        if (AlertText.when(alert) != null) {
            payload.put("timestamp", AlertText.when(alert).toString());
        }
        payload.put("component", "root user");
        payload.put("group", Texts.plain(alert.accountId(), 64));
        payload.put("class", alert.type().name());
        payload.set("custom_details", details(alert));
        event.put("client", "rootwatch");
        if (linkUrl != null) {
            ArrayNode links = event.putArray("links");
            links.addObject().put("href", linkUrl.toString()).put("text", "rootwatch");
        }
        return event;
    }

    static String severity(Severity severity) {
        return switch (severity) {
            case CRITICAL -> "critical";
            case HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW, INFO -> "info";
        };
    }

    /** PagerDuty's brief summary (an incident's title there): the alert's title, naming the account once. */
    private static String summary(Alert alert) {
        return Texts.plain(AlertText.titleWithAccount(alert), SUMMARY_MAX);
    }

    private static ObjectNode details(Alert alert) {
        ObjectNode details = Json.mapper().createObjectNode();
        details.put("summary", Texts.plain(alert.summary(), DETAIL_MAX));
        details.put("alertId", alert.alertId());
        details.put("fingerprint", alert.fingerprint());
        details.put("type", alert.type().name());
        details.put("severity", alert.severity().name());
        details.put("accountId", alert.accountId());
        details.put("region", Texts.plain(alert.region(), 64));
        details.put("eventTime", alert.eventTime() == null ? null : alert.eventTime().toString());
        details.put("detectedAt", alert.detectedAt() == null ? null : alert.detectedAt().toString());
        details.put("actor", Texts.plain(AlertText.actor(alert), DETAIL_MAX));
        details.put("sourceIp", Texts.plain(alert.sourceIp(), 128));
        details.put("userAgent", Texts.plain(alert.userAgent(), DETAIL_MAX));
        ArrayNode ids = details.putArray("eventIds");
        alert.eventIds().stream().limit(MAX_EVENT_IDS).forEach(id -> ids.add(Texts.plain(id, 128)));
        ArrayNode controls = details.putArray("controls");
        alert.controls().forEach(controls::add);
        details.put("runbook", Texts.plain(alert.runbook(), DETAIL_MAX));
        details.set("details", Json.mapper().valueToTree(alert.details()));
        return details;
    }
}
