package dev.rootwatch.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.rootwatch.common.json.Json;
import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertStatus;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.Severity;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AlertmanagerSinkTest {

    private static final String PATH = "/api/v2/alerts";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-01T13:00:00Z"), ZoneOffset.UTC);

    private final Receiver receiver = new Receiver();

    @AfterEach
    void stop() {
        receiver.close();
    }

    private AlertmanagerSink sink(Secret token, URI generator) {
        // the base URL, with a trailing slash: the API path is appended
        return new AlertmanagerSink("am", Receiver.http(), receiver.uri("/"), token, Receiver.timeout(), generator, CLOCK);
    }

    @Test
    void postsAFiringAlertWithStableLabels() throws Exception {
        // Given Alertmanager accepting alerts
        receiver.answer(PATH, 200);

        // When a FIRING alert is delivered
        sink(null, URI.create("https://grafana.example/d/rootwatch")).deliver(TestAlerts.loginWithoutMfa("a-1", "111122223333"));

        // Then one postable alert arrived, without endsAt (Alertmanager's resolve_timeout applies)
        LoggedRequest request = receiver.requests(PATH).get(0);
        assertThat(request.getHeader("Authorization")).isNull();
        JsonNode alerts = Receiver.json(request);
        assertThat(alerts.isArray()).isTrue();
        assertThat(alerts).hasSize(1);
        JsonNode alert = alerts.get(0);
        assertThat(Json.mapper().convertValue(alert.get("labels"), new TypeReference<Map<String, String>>() { })).isEqualTo(Map.of(
                "alertname", "ROOT_CONSOLE_LOGIN_WITHOUT_MFA",
                "type", "ROOT_CONSOLE_LOGIN_WITHOUT_MFA",
                "severity", "critical",
                "account_id", "111122223333",
                "fingerprint", "fp-111122223333-login"));
        JsonNode annotations = alert.get("annotations");
        assertThat(annotations.get("summary").asText()).isEqualTo("Root signed in without MFA");
        assertThat(annotations.get("description").asText()).startsWith("The root user of account 111122223333");
        assertThat(annotations.get("runbook").asText()).startsWith("Reach the account owner now");
        assertThat(annotations.get("alert_id").asText()).isEqualTo("a-1");
        assertThat(alert.get("startsAt").asText()).isEqualTo("2026-11-01T12:00:00Z");
        assertThat(alert.has("endsAt")).isFalse();
        assertThat(alert.get("generatorURL").asText()).isEqualTo("https://grafana.example/d/rootwatch");
        assertThat(PagerDutySinkTest.fieldNames(alert)).containsExactly("labels", "annotations", "startsAt", "generatorURL");
    }

    @Test
    void endsTheAlertOnResolveWithTheSameLabels() throws Exception {
        // Given Alertmanager accepting alerts, behind a proxy that wants a token
        receiver.answer(PATH, 200);
        Alert firing = TestAlerts.loginWithoutMfa("a-1", "111122223333");

        // When the FIRING and then its RESOLVED are delivered
        AlertmanagerSink sink = sink(Secret.of("t0ken", "test"), null);
        sink.deliver(firing);
        sink.deliver(TestAlerts.resolved(firing, "a-2"));

        // Then both have the same labels, and the second ends at its detection time
        JsonNode first = Receiver.json(receiver.requests(PATH).get(0)).get(0);
        JsonNode second = Receiver.json(receiver.requests(PATH).get(1)).get(0);
        assertThat(second.get("labels")).isEqualTo(first.get("labels"));
        assertThat(second.get("endsAt").asText()).isEqualTo("2026-11-01T12:10:05Z");
        assertThat(second.has("generatorURL")).isFalse();
        assertThat(receiver.requests(PATH).get(1).getHeader("Authorization")).isEqualTo("Bearer t0ken");
    }

    @Test
    void keepsAnOpenIncidentActiveUntilTheTimeTheEvaluatorGivesAndNoLonger() throws Exception {
        // Given Alertmanager accepting alerts, and an open incident the evaluator says is open until 13:04
        receiver.answer(PATH, 200);
        Alert open = withDetails(TestAlerts.alert("a-1", "111122223333", AlertType.ROOT_MFA_DISABLED, Severity.CRITICAL,
                AlertStatus.FIRING, Map.of()), Map.of(Alert.OPEN_UNTIL, "2026-11-01T13:04:00Z"));
        // and a refresh of it delivered late, after the time it named had passed
        Alert late = withDetails(open, Map.of(Alert.OPEN_UNTIL, "2026-11-01T12:58:00Z", Alert.REFRESH, true));

        // When both are delivered at 13:00
        AlertmanagerSink sink = sink(null, null);
        sink.deliver(open);
        sink.deliver(late);

        // Then the first ends at 13:04 (Alertmanager keeps it active, past its resolve_timeout, until then), and the
        // late one a minute from now rather than in the past: the next refresh extends it again
        assertThat(Receiver.json(receiver.requests(PATH).get(0)).get(0).get("endsAt").asText()).isEqualTo("2026-11-01T13:04:00Z");
        assertThat(Receiver.json(receiver.requests(PATH).get(1)).get(0).get("endsAt").asText()).isEqualTo("2026-11-01T13:01:00Z");
    }

    @Test
    void onlySinksThatExpireAlertsTakeTheRefreshOfAnOpenIncident() {
        // Given an Alertmanager sink, a PagerDuty sink and the console
        Alert refresh = withDetails(TestAlerts.alert("r-1", "111122223333", AlertType.ROOT_MFA_DISABLED, Severity.CRITICAL,
                AlertStatus.FIRING, Map.of()), Map.of(Alert.REFRESH, true));
        DeliveryPolicy policy = DeliveryPolicy.defaults();
        GuardedSink alertmanager = GuardedSink.of(sink(null, null), policy);
        GuardedSink pager = GuardedSink.of(new PagerDutySink("pager", Receiver.http(), receiver.uri("/v2/enqueue"),
                Secret.of("key", "test"), Receiver.timeout(), null), policy);
        GuardedSink console = GuardedSink.of(new ConsoleSink("console", System.out), policy);

        // Then only Alertmanager takes the refresh: nobody is paged again, no line is printed again
        assertThat(alertmanager.takes(refresh, false)).isTrue();
        assertThat(pager.takes(refresh, false)).isFalse();
        assertThat(console.takes(refresh, false)).isFalse();
    }

    private static Alert withDetails(Alert alert, Map<String, Object> more) {
        Map<String, Object> details = new java.util.LinkedHashMap<>(alert.details());
        details.putAll(more);
        return new Alert(alert.schema(), alert.alertId(), alert.fingerprint(), alert.type(), alert.status(), alert.severity(),
                alert.accountId(), alert.title(), alert.summary(), alert.eventIds(), alert.eventTime(), alert.detectedAt(),
                alert.actor(), alert.sourceIp(), alert.userAgent(), alert.region(), alert.controls(), alert.runbook(), details);
    }

    @Test
    void appendsTheApiPathOnce() {
        assertThat(AlertmanagerSink.alertsUrl(URI.create("https://am.example:9093"))).hasToString("https://am.example:9093/api/v2/alerts");
        assertThat(AlertmanagerSink.alertsUrl(URI.create("https://am.example/prefix/"))).hasToString("https://am.example/prefix/api/v2/alerts");
        assertThat(AlertmanagerSink.alertsUrl(URI.create("https://am.example/api/v2/alerts"))).hasToString("https://am.example/api/v2/alerts");
    }
}
