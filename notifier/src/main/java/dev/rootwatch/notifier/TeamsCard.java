package dev.rootwatch.notifier;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rootwatch.common.json.Json;
import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertStatus;
import java.net.URI;

/**
 * The message a Microsoft Teams Workflows webhook expects: {@code {"type":"message","attachments":[{
 * "contentType":"application/vnd.microsoft.card.adaptive","content":<Adaptive Card 1.4>}]}}. The card
 * has the headline, title, summary, a fact set (account, type, severity, status, time, region, actor,
 * source address, user agent, controls), the runbook and the alert's id and fingerprint, and an
 * "open" action to {@code linkUrl} when configured. Every text goes through {@link TeamsText}.
 */
final class TeamsCard {

    static final String CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";

    private TeamsCard() {
    }

    static ObjectNode of(Alert alert, URI linkUrl) {
        ObjectNode message = Json.mapper().createObjectNode();
        message.put("type", "message");
        ObjectNode attachment = message.putArray("attachments").addObject();
        attachment.put("contentType", CARD_CONTENT_TYPE);
        attachment.putNull("contentUrl");
        ObjectNode card = attachment.putObject("content");
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        card.putObject("msteams").put("width", "Full");
        ArrayNode body = card.putArray("body");

        text(body, TeamsText.escape(AlertText.headline(alert), TeamsText.TITLE_MAX))
                .put("weight", "Bolder").put("color", color(alert)).put("size", "Small");
        text(body, TeamsText.escape(alert.title() == null ? alert.type().name() : alert.title(), TeamsText.TITLE_MAX))
                .put("weight", "Bolder").put("size", "Large");
        if (alert.summary() != null && !alert.summary().isBlank()) {
            text(body, TeamsText.escape(alert.summary(), TeamsText.TEXT_MAX));
        }
        ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
        fact(facts, "Account", alert.accountId());
        fact(facts, "Type", alert.type().name());
        fact(facts, "Severity", alert.severity().name());
        fact(facts, "Status", alert.status().name());
        fact(facts, "Event time", AlertText.text(AlertText.when(alert)));
        fact(facts, "Region", alert.region());
        fact(facts, "Actor", AlertText.actor(alert));
        fact(facts, "Source IP", alert.sourceIp());
        fact(facts, "User agent", alert.userAgent());
        if (!alert.controls().isEmpty()) {
            fact(facts, "Controls", String.join(", ", alert.controls()));
        }
        if (alert.runbook() != null && !alert.runbook().isBlank()) {
            text(body, "**Runbook:** " + TeamsText.escape(alert.runbook(), TeamsText.TEXT_MAX));
        }
        text(body, TeamsText.escape("rootwatch · alert " + alert.alertId() + " · fingerprint " + alert.fingerprint(),
                TeamsText.FACT_MAX)).put("isSubtle", true).put("size", "Small");
        if (linkUrl != null) {
            card.putArray("actions").addObject().put("type", "Action.OpenUrl").put("title", "Open in rootwatch")
                    .put("url", linkUrl.toString());
        }
        return message;
    }

    private static ObjectNode text(ArrayNode body, String markdown) {
        return body.addObject().put("type", "TextBlock").put("text", markdown).put("wrap", true);
    }

    private static void fact(ArrayNode facts, String title, String value) {
        facts.addObject().put("title", title)
                .put("value", value == null || value.isBlank() ? "-" : TeamsText.escape(value, TeamsText.FACT_MAX));
    }

    private static String color(Alert alert) {
        if (alert.status() == AlertStatus.RESOLVED) {
            return "Good";
        }
        return switch (alert.severity()) {
            case CRITICAL, HIGH -> "Attention";
            case MEDIUM -> "Warning";
            case LOW, INFO -> "Accent";
        };
    }
}
