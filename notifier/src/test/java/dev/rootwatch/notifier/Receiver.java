package dev.rootwatch.notifier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.rootwatch.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** A WireMock receiver on a dynamic loopback port, for the HTTP sinks' tests. */
final class Receiver implements AutoCloseable {

    final WireMockServer server;

    Receiver() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1")
                .containerThreads(20));
        server.start();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    /** Answers POSTs to {@code path} with {@code status} (the latest stub for a path wins). */
    void answer(String path, int status) {
        answer(path, aResponse().withStatus(status));
    }

    void answer(String path, ResponseDefinitionBuilder response) {
        server.stubFor(post(urlPathEqualTo(path)).willReturn(response));
    }

    List<LoggedRequest> requests(String path) {
        return server.findAll(postRequestedFor(urlPathEqualTo(path)));
    }

    static JsonNode json(LoggedRequest request) {
        try {
            return Json.mapper().readTree(request.getBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HttpPost http() {
        return new HttpPost(HttpPost.newClient(), Clock.systemUTC());
    }

    static Duration timeout() {
        return Duration.ofSeconds(5);
    }

    @Override
    public void close() {
        server.stop();
    }
}
