package dev.rootwatch.notifier;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rootwatch.common.json.Json;
import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertStatus;
import dev.rootwatch.common.model.Severity;
import java.net.URI;

/**
 * The Slack incoming-webhook message for an alert, in Block Kit: a header, the summary, a section of
 * fields (account, type, severity, time, region, actor, source address, user agent), the runbook and
 * a context line with the alert's id and fingerprint; a button to {@code linkUrl} when configured.
 * Every text goes through {@link SlackText} and is cut to Slack's limits (header 150 characters,
 * section text 3000, field 2000); link unfurling is off.
 */
final class SlackMessage {

    static final int FALLBACK_MAX = 3000;

    private SlackMessage() {
    }

    static ObjectNode of(Alert alert, URI linkUrl) {
        ObjectNode message = Json.mapper().createObjectNode();
        String title = alert.title() == null ? alert.type().name() : alert.title();
        String headline = SlackText.plain(AlertText.headline(alert), SlackText.HEADER_MAX);
        message.put("text", headline + ": " + SlackText.escape(AlertText.titleWithAccount(alert), FALLBACK_MAX - headline.length() - 2));
        message.put("unfurl_links", false);
        message.put("unfurl_media", false);
        ArrayNode blocks = message.putArray("blocks");

        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("emoji", true)
                .put("text", SlackText.plain(icon(alert) + " " + AlertText.headline(alert) + ": " + title, SlackText.HEADER_MAX));

        if (alert.summary() != null && !alert.summary().isBlank()) {
            section(blocks, SlackText.escape(alert.summary(), SlackText.SECTION_MAX));
        }

        ObjectNode facts = blocks.addObject().put("type", "section");
        ArrayNode fields = facts.putArray("fields");
        field(fields, "Account", alert.accountId());
        fields.addObject().put("type", "mrkdwn").put("text", "*Type*\n" + SlackText.code(alert.type().name(), SlackText.FIELD_MAX - 7));
        field(fields, "Severity", alert.severity().name());
        field(fields, "Event time", AlertText.text(AlertText.when(alert)));
        field(fields, "Region", alert.region());
        field(fields, "Actor", AlertText.actor(alert));
        field(fields, "Source IP", alert.sourceIp());
        field(fields, "User agent", alert.userAgent());

        if (alert.runbook() != null && !alert.runbook().isBlank()) {
            section(blocks, "*Runbook*\n" + SlackText.escape(alert.runbook(), SlackText.SECTION_MAX - 12));
        }
        if (linkUrl != null) {
            ObjectNode button = blocks.addObject().put("type", "actions").putArray("elements").addObject()
                    .put("type", "button").put("url", linkUrl.toString());
            button.putObject("text").put("type", "plain_text").put("text", "Open in rootwatch");
        }
        ObjectNode context = blocks.addObject().put("type", "context");
        String controls = alert.controls().isEmpty() ? "" : " · " + String.join(", ", alert.controls());
        context.putArray("elements").addObject().put("type", "mrkdwn")
                .put("text", "rootwatch · alert " + SlackText.code(alert.alertId(), 300) + " · fingerprint "
                        + SlackText.code(alert.fingerprint(), 300) + SlackText.plain(controls, 500));
        return message;
    }

    private static void section(ArrayNode blocks, String mrkdwn) {
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", mrkdwn);
    }

    private static void field(ArrayNode fields, String label, String value) {
        String prefix = "*" + label + "*\n";
        fields.addObject().put("type", "mrkdwn")
                .put("text", prefix + SlackText.escape(value == null || value.isBlank() ? "-" : value, SlackText.FIELD_MAX - prefix.length()));
    }

    private static String icon(Alert alert) {
        if (alert.status() == AlertStatus.RESOLVED) {
            return "\u2705";
        }
        Severity s = alert.severity();
        return switch (s) {
            case CRITICAL -> "\uD83D\uDD34";
            case HIGH -> "\uD83D\uDFE0";
            case MEDIUM -> "\uD83D\uDFE1";
            case LOW -> "\uD83D\uDD35";
            case INFO -> "\u26AA";
        };
    }
}
