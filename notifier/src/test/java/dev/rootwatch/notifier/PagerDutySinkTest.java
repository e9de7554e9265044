package dev.rootwatch.notifier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertStatus;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.Severity;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PagerDutySinkTest {

    private static final String PATH = "/v2/enqueue";

    private final Receiver receiver = new Receiver();
    private final PagerDutySink sink = new PagerDutySink("pager", Receiver.http(), receiver.uri(PATH),
            Secret.of("R0UTING0KEY0000000000000000000000", "test"), Receiver.timeout(), URI.create("https://grafana.example/d/rootwatch"));

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void triggersAnIncidentKeyedByTheFingerprint() throws Exception {
        // Given PagerDuty accepting events
        receiver.answer(PATH, aResponse().withStatus(202)
                .withBody("{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"fp-111122223333-login\"}"));

        // When a FIRING alert is delivered
        sink.deliver(TestAlerts.loginWithoutMfa("a-1", "111122223333"));

        // Then one Events API v2 trigger arrived, as documented
        LoggedRequest request = receiver.requests(PATH).get(0);
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        JsonNode event = Receiver.json(request);
        assertThat(fieldNames(event)).containsExactly("routing_key", "dedup_key", "event_action", "payload", "client", "links");
        assertThat(event.get("routing_key").asText()).isEqualTo("R0UTING0KEY0000000000000000000000");
        assertThat(event.get("event_action").asText()).isEqualTo("trigger");
        assertThat(event.get("dedup_key").asText()).isEqualTo("fp-111122223333-login");
        JsonNode payload = event.get("payload");
        // the title names the account once; the sentence that tells more is among the details
        assertThat(payload.get("summary").asText()).isEqualTo("Root signed in without MFA (account 111122223333)");
        assertThat(payload.get("source").asText()).isEqualTo("aws-account-111122223333");
        assertThat(payload.get("severity").asText()).isEqualTo("critical");
        assertThat(payload.get("timestamp").asText()).isEqualTo("2026-11-01T12:00:00Z");
        assertThat(payload.get("component").asText()).isEqualTo("root user");
        assertThat(payload.get("group").asText()).isEqualTo("111122223333");
        assertThat(payload.get("class").asText()).isEqualTo("ROOT_CONSOLE_LOGIN_WITHOUT_MFA");
        JsonNode details = payload.get("custom_details");
        assertThat(details.get("alertId").asText()).isEqualTo("a-1");
        assertThat(details.get("summary").asText()).isEqualTo("The root user of account 111122223333 signed in to the console without MFA.");
        assertThat(details.get("sourceIp").asText()).isEqualTo("198.51.100.7");
        assertThat(details.get("eventIds").get(0).asText()).isEqualTo("ev-a-1");
        assertThat(details.get("controls").get(0).asText()).isEqualTo("CIS AWS Foundations v7.0.0 2.5");
        assertThat(details.get("details").get("mfaUsed").asText()).isEqualTo("No");
        assertThat(event.get("client").asText()).isEqualTo("rootwatch");
        assertThat(event.get("links").get(0).get("href").asText()).isEqualTo("https://grafana.example/d/rootwatch");
    }

    @Test
    void resolvesTheIncidentWithTheSameDedupKey() throws Exception {
        // Given PagerDuty accepting events
        receiver.answer(PATH, 202);
        Alert firing = TestAlerts.loginWithoutMfa("a-1", "111122223333");

        // When the RESOLVED of an alert is delivered
        sink.deliver(TestAlerts.resolved(firing, "a-2"));

        // Then it is a bare resolve event for the same dedup_key
        JsonNode event = Receiver.json(receiver.requests(PATH).get(0));
        assertThat(fieldNames(event)).containsExactly("routing_key", "dedup_key", "event_action");
        assertThat(event.get("event_action").asText()).isEqualTo("resolve");
        assertThat(event.get("dedup_key").asText()).isEqualTo(firing.fingerprint());
    }

    @Test
    void mapsRootwatchSeveritiesToPagerDutys() {
        assertThat(PagerDutyEvent.severity(Severity.CRITICAL)).isEqualTo("critical");
        assertThat(PagerDutyEvent.severity(Severity.HIGH)).isEqualTo("error");
        assertThat(PagerDutyEvent.severity(Severity.MEDIUM)).isEqualTo("warning");
        assertThat(PagerDutyEvent.severity(Severity.LOW)).isEqualTo("info");
        assertThat(PagerDutyEvent.severity(Severity.INFO)).isEqualTo("info");
    }

    @Test
    void cutsTheSummaryToPagerDutysLimit() throws Exception {
        // Given an alert whose title and summary are far too long, with a user agent full of control characters
        receiver.answer(PATH, 202);
        Alert base = TestAlerts.loginWithoutMfa("a-1", "111122223333", "198.51.100.7", "curl\n\u001b[2J" + "x".repeat(5000));
        Alert alert = new Alert(base.schema(), base.alertId(), base.fingerprint(), base.type(), base.status(), base.severity(),
                base.accountId(), "t".repeat(5000), "y".repeat(5000), base.eventIds(), base.eventTime(), base.detectedAt(),
                base.actor(), base.sourceIp(), base.userAgent(), base.region(), base.controls(), base.runbook(), base.details());

        // When it is delivered
        sink.deliver(alert);

        // Then the summary and details fit, and carry no control characters
        JsonNode payload = Receiver.json(receiver.requests(PATH).get(0)).get("payload");
        assertThat(payload.get("summary").asText()).hasSize(PagerDutyEvent.SUMMARY_MAX).endsWith("…");
        assertThat(payload.get("custom_details").get("summary").asText()).hasSizeLessThanOrEqualTo(PagerDutyEvent.DETAIL_MAX);
        String userAgent = payload.get("custom_details").get("userAgent").asText();
        assertThat(userAgent).hasSizeLessThanOrEqualTo(PagerDutyEvent.DETAIL_MAX).startsWith("curl  [2J").doesNotContain("\n", "\u001b");
    }

    @Test
    void passesOnTheReceiversRetryAfterWhenThrottled() {
        // Given PagerDuty throttling
        receiver.answer(PATH, aResponse().withStatus(429).withHeader("Retry-After", "7"));

        // Then the failure is retryable, after the wait PagerDuty asked for, and does not count against its health
        assertThatThrownBy(() -> sink.deliver(TestAlerts.loginWithoutMfa("a-1", "111122223333")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.throttled()).isTrue();
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
                    assertThat(e.getMessage()).startsWith("HTTP 429");
                });
    }

    @Test
    void givesUpAtOnceOnAnInvalidEventWithoutQuotingTheUrl() {
        // Given PagerDuty refusing the event
        receiver.answer(PATH, aResponse().withStatus(400)
                .withBody("{\"status\":\"invalid event\",\"message\":\"Event object is invalid\",\"errors\":[\"Length of 'routing_key' is incorrect\"]}"));

        // Then the failure is final and says why, without the receiver's address
        assertThatThrownBy(() -> sink.deliver(TestAlerts.alert("a-1", "111122223333", AlertType.ROOT_ACTIVITY, Severity.MEDIUM,
                AlertStatus.FIRING, Map.of())))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).startsWith("HTTP 400: {\"status\":\"invalid event\"")
                            .doesNotContain("127.0.0.1", String.valueOf(receiver.server.port()));
                });
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
