package dev.rootwatch.notifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rootwatch.common.json.Json;
import dev.rootwatch.common.model.Alert;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/** Sends each alert to PagerDuty's Events API v2 as {@link PagerDutyEvent} describes. */
final class PagerDutySink implements AlertSink {

    private final String name;
    private final HttpPost http;
    private final URI url;
    private final Secret routingKey;
    private final Duration timeout;
    private final URI linkUrl;

    PagerDutySink(String name, HttpPost http, URI url, Secret routingKey, Duration timeout, URI linkUrl) {
        this.name = Objects.requireNonNull(name, "name");
        this.http = Objects.requireNonNull(http, "http");
        this.url = Objects.requireNonNull(url, "url");
        this.routingKey = Objects.requireNonNull(routingKey, "routingKey");
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
            body = Json.mapper().writeValueAsBytes(PagerDutyEvent.of(alert, routingKey.reveal(), linkUrl));
        } catch (JsonProcessingException e) {
            throw new DeliveryException("cannot write the PagerDuty event: " + e.getClass().getSimpleName(), false);
        }
        http.post(url, Map.of(), body, timeout);
    }
}
