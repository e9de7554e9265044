package dev.rootwatch.notifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rootwatch.common.json.Json;
import dev.rootwatch.common.model.Alert;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Posts each alert to a chat webhook whose URL is the secret: Slack incoming webhooks (a Block
 * Kit message of {@link SlackMessage}) and Microsoft Teams Workflows webhooks (an Adaptive Card
 * of {@link TeamsCard}). The two differ only in the message they render.
 */
final class ChatWebhookSink implements AlertSink {

    private final String kind;
    private final String name;
    private final HttpPost http;
    private final URI webhook;
    private final Duration timeout;
    private final URI linkUrl;
    private final BiFunction<Alert, URI, Object> render;

    private ChatWebhookSink(String kind, String name, HttpPost http, URI webhook, Duration timeout, URI linkUrl,
                            BiFunction<Alert, URI, Object> render) {
        this.kind = kind;
        this.name = Objects.requireNonNull(name, "name");
        this.http = Objects.requireNonNull(http, "http");
        this.webhook = Objects.requireNonNull(webhook, "webhook");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.linkUrl = linkUrl;
        this.render = render;
    }

    /** @param webhook the incoming webhook URL: a secret (it is all it takes to post to the channel) */
    static ChatWebhookSink slack(String name, HttpPost http, URI webhook, Duration timeout, URI linkUrl) {
        return new ChatWebhookSink("Slack", name, http, webhook, timeout, linkUrl, SlackMessage::of);
    }

    /** @param webhook the workflow's webhook URL: a secret (its signature grants posting to the channel) */
    static ChatWebhookSink teams(String name, HttpPost http, URI webhook, Duration timeout, URI linkUrl) {
        return new ChatWebhookSink("Teams", name, http, webhook, timeout, linkUrl, TeamsCard::of);
    }

    /** Which chat this posts to: Slack or Teams. */
    String kind() {
        return kind;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void deliver(Alert alert) throws DeliveryException {
        byte[] body;
        try {
            body = Json.mapper().writeValueAsBytes(render.apply(alert, linkUrl));
        } catch (JsonProcessingException e) {
            throw new DeliveryException("cannot write the " + kind + " message: " + e.getClass().getSimpleName(), false);
        }
        http.post(webhook, Map.of(), body, timeout);
    }

    @Override
    public String toString() {
        return kind + "Sink[" + name + "]";
    }
}
