package dev.rootwatch.notifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rootwatch.common.json.Json;
import dev.rootwatch.common.model.Alert;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/** Posts each alert to a Slack incoming webhook as the Block Kit message of {@link SlackMessage}. */
final class SlackSink implements AlertSink {

    private final String name;
    private final HttpPost http;
    private final URI webhook;
    private final Duration timeout;
    private final URI linkUrl;

    /** @param webhook the webhook URL: a secret (it is all it takes to post to the channel) */
    SlackSink(String name, HttpPost http, URI webhook, Duration timeout, URI linkUrl) {
        this.name = Objects.requireNonNull(name, "name");
        this.http = Objects.requireNonNull(http, "http");
        this.webhook = Objects.requireNonNull(webhook, "webhook");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.linkUrl = linkUrl;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void deliver(Alert alert) throws DeliveryException {
        byte[] body;
        try {
            body = Json.mapper().writeValueAsBytes(SlackMessage.of(alert, linkUrl));
        } catch (JsonProcessingException e) {
            throw new DeliveryException("cannot write the Slack message: " + e.getClass().getSimpleName(), false);
        }
        http.post(webhook, Map.of(), body, timeout);
    }

    @Override
    public String toString() {
        return "SlackSink[" + name + "]";
    }
}
