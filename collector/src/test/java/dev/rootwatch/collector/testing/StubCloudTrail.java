package dev.rootwatch.collector.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.rootwatch.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;

/**
 * CloudTrail's JSON protocol for LookupEvents (POST /, {@code X-Amz-Target:
 * com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents},
 * {@code application/x-amz-json-1.1}), served by WireMock page by page.
 */
public final class StubCloudTrail implements AutoCloseable {

    public static final String TARGET = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents";

    private final WireMockServer server;

    private StubCloudTrail(WireMockServer server) {
        this.server = server;
    }

    public static StubCloudTrail start() {
        WireMockServer server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        StubCloudTrail stub = new StubCloudTrail(server);
        stub.reset();
        return stub;
    }

    public URI endpoint() {
        return URI.create(server.baseUrl());
    }

    public CloudTrailClient client() {
        return CloudTrailClient.builder().endpointOverride(endpoint()).region(LocalSqs.REGION).credentialsProvider(LocalSqs.CREDENTIALS)
                .build();
    }

    /** Every unmatched LookupEvents call answers with no events. */
    public void reset() {
        server.resetAll();
        server.stubFor(post(urlEqualTo("/")).atPriority(10).withHeader("X-Amz-Target", equalTo(TARGET))
                .willReturn(json("{\"Events\":[]}")));
    }

    /**
     * Answers LookupEvents for {@code eventName} (or any attribute value: {@code root} for the user name lookup):
     * {@code token} null is the first page; {@code next} null ends the pages.
     *
     * @param events CloudTrail events; each is sent as a LookupEvents element with CloudTrailEvent as a JSON string
     */
    public void page(String eventName, String token, List<? extends JsonNode> events, String next) {
        page(eventName, token, events, next, 0);
    }

    /** {@link #page(String, String, List, String)}, answered after {@code delayMillis}. */
    public void page(String eventName, String token, List<? extends JsonNode> events, String next, int delayMillis) {
        ObjectNode body = Json.mapper().createObjectNode();
        ArrayNode array = body.putArray("Events");
        for (JsonNode e : events) {
            ObjectNode element = array.addObject();
            element.put("EventId", e.path("eventID").asText());
            element.put("EventName", e.path("eventName").asText());
            element.put("ReadOnly", "false");
            element.put("AccessKeyId", e.path("userIdentity").path("accessKeyId").asText(""));
            element.put("EventTime", Instant.parse(e.path("eventTime").asText()).getEpochSecond());
            element.put("EventSource", e.path("eventSource").asText());
            element.put("Username", "root");
            element.putArray("Resources");
            element.put("CloudTrailEvent", e.toString());
        }
        if (next != null) {
            body.put("NextToken", next);
        }
        server.stubFor(post(urlEqualTo("/")).atPriority(1).withHeader("X-Amz-Target", equalTo(TARGET))
                .withRequestBody(matchingJsonPath("$.LookupAttributes[0].AttributeValue", equalTo(eventName)))
                .withRequestBody(token == null ? matchingJsonPath("$.NextToken", absent()) : matchingJsonPath("$.NextToken", equalTo(token)))
                .willReturn(json(body.toString()).withFixedDelay(delayMillis)));
    }

    /** Answers every call with CloudTrail's JSON error. */
    public void failAll(int status, String type) {
        server.stubFor(post(urlEqualTo("/")).atPriority(0).withHeader("X-Amz-Target", equalTo(TARGET))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"__type\":\"" + type + "\",\"message\":\"stubbed " + type + "\"}")));
    }

    /** The request bodies received, in order. */
    public List<JsonNode> requests() {
        return server.findAll(postRequestedFor(urlEqualTo("/"))).stream().map(StubCloudTrail::body).toList();
    }

    public List<Instant> requestTimes() {
        return server.findAll(postRequestedFor(urlEqualTo("/"))).stream().map(r -> r.getLoggedDate().toInstant()).toList();
    }

    private static JsonNode body(LoggedRequest r) {
        try {
            return Json.mapper().readTree(r.getBodyAsString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
    }

    @Override
    public void close() {
        server.stop();
    }
}
