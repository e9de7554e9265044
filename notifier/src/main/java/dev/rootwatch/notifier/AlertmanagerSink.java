package dev.rootwatch.notifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rootwatch.common.json.Json;
import dev.rootwatch.common.model.Alert;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/** Posts each alert to Prometheus Alertmanager's API v2 as {@link AlertmanagerPayload} describes. */
final class AlertmanagerSink implements AlertSink {

    static final String ALERTS_PATH = "/api/v2/alerts";

    private final String name;
    private final HttpPost http;
    private final URI alertsUrl;
    private final Secret bearerToken;
    private final Duration timeout;
    private final URI generatorUrl;
    private final Clock clock;

    /**
     * @param baseUrl     Alertmanager's URL, e.g. {@code https://alertmanager.example:9093}; {@value #ALERTS_PATH} is appended
     * @param bearerToken sent as {@code Authorization: Bearer}, or null
     */
    AlertmanagerSink(String name, HttpPost http, URI baseUrl, Secret bearerToken, Duration timeout, URI generatorUrl, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.http = Objects.requireNonNull(http, "http");
        this.alertsUrl = alertsUrl(Objects.requireNonNull(baseUrl, "baseUrl"));
        this.bearerToken = bearerToken;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.generatorUrl = generatorUrl;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    static URI alertsUrl(URI base) {
        String text = base.toString();
        if (text.endsWith(ALERTS_PATH)) {
            return base;
        }
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text + ALERTS_PATH);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void deliver(Alert alert) throws DeliveryException {
        byte[] body;
        try {
            body = Json.mapper().writeValueAsBytes(AlertmanagerPayload.of(alert, generatorUrl, clock.instant()));
        } catch (JsonProcessingException e) {
            throw new DeliveryException("cannot write the Alertmanager alert: " + e.getClass().getSimpleName(), false);
        }
        Map<String, String> headers = bearerToken == null ? Map.of() : Map.of("Authorization", "Bearer " + bearerToken.reveal());
        http.post(alertsUrl, headers, body, timeout);
    }
}
