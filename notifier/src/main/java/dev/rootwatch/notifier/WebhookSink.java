package dev.rootwatch.notifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rootwatch.common.json.Json;
import dev.rootwatch.common.model.Alert;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Posts each alert as its {@code rootwatch.alert/v1} JSON to any endpoint, signed as
 * {@link WebhookSignature} describes, with the alert's id as {@code Idempotency-Key} so a receiver
 * recognizes a redelivery.
 */
final class WebhookSink implements AlertSink {

    private final String name;
    private final HttpPost http;
    private final URI url;
    private final Secret key;
    private final Duration timeout;
    private final Clock clock;

    WebhookSink(String name, HttpPost http, URI url, Secret key, Duration timeout, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.http = Objects.requireNonNull(http, "http");
        this.url = Objects.requireNonNull(url, "url");
        this.key = Objects.requireNonNull(key, "key");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void deliver(Alert alert) throws DeliveryException {
        byte[] body;
        try {
            body = Json.mapper().writeValueAsBytes(alert);
        } catch (JsonProcessingException e) {
            throw new DeliveryException("cannot write the alert as JSON: " + e.getClass().getSimpleName(), false);
        }
        long timestamp = clock.instant().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp));
        headers.put(WebhookSignature.SIGNATURE_HEADER,
                WebhookSignature.sign(key.reveal().getBytes(StandardCharsets.UTF_8), timestamp, body));
        headers.put(WebhookSignature.IDEMPOTENCY_HEADER, alert.alertId());
        http.post(url, headers, body, timeout);
    }
}
