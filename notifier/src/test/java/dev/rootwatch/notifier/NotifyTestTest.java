package dev.rootwatch.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.ConfigException;
import dev.rootwatch.common.config.SinkSettings;
import dev.rootwatch.common.model.AlertStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NotifyTestTest {

    private final Receiver receiver = new Receiver();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @AfterEach
    void stop() {
        receiver.close();
    }

    private NotifyTest notifyTest(SinkSettings.Sink sink) {
        Config config = Config.defaults().with(SinkSettings.NOTIFIER_SINKS, List.of(sink));
        NotifierSettings settings = NotifierSettings.from(config, Map.of("PD_KEY", "routingkey0000"));
        return new NotifyTest(settings, new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    private static SinkSettings.Sink pagerduty(String url) {
        return new SinkSettings.Sink("pager", "pagerduty", url, null, "PD_KEY", null, "critical", List.of("ROOT_ACTIVITY"),
                List.of(), "5s", null, null, null, null);
    }

    @Test
    void sendsALabelledTestAlertAndItsResolveToTheNamedSinkWhateverItsRoute() {
        // Given a PagerDuty sink routed to CRITICAL ROOT_ACTIVITY alerts only
        receiver.answer("/v2/enqueue", 202);
        NotifyTest test = notifyTest(pagerduty(receiver.uri("/v2/enqueue").toString()));

        // When the test is run with --resolve
        List<NotifyTest.Outcome> outcomes = test.run("pager", true);

        // Then a clearly labelled trigger and its resolve arrived, with one dedup key
        assertThat(outcomes).extracting(NotifyTest.Outcome::status).containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
        assertThat(outcomes).allMatch(NotifyTest.Outcome::delivered);
        assertThat(outcomes.get(0).describe()).startsWith("delivered sink=pager type=pagerduty status=FIRING in ");
        JsonNode trigger = Receiver.json(receiver.requests("/v2/enqueue").get(0));
        JsonNode resolve = Receiver.json(receiver.requests("/v2/enqueue").get(1));
        assertThat(trigger.get("payload").get("summary").asText()).startsWith("TEST: rootwatch notify-test, not a real alert");
        assertThat(trigger.get("payload").get("severity").asText()).isEqualTo("info");
        assertThat(resolve.get("event_action").asText()).isEqualTo("resolve");
        assertThat(resolve.get("dedup_key").asText()).isEqualTo(trigger.get("dedup_key").asText()).startsWith("rootwatch-notify-test-pager-");
    }

    @Test
    void printsToTheConsoleForAConsoleSink() {
        List<NotifyTest.Outcome> outcomes = new NotifyTest(NotifierSettings.from(Config.defaults(), Map.of()),
                new PrintStream(console, true, StandardCharsets.UTF_8)).run("console", false);

        assertThat(outcomes).singleElement().satisfies(o -> assertThat(o.delivered()).isTrue());
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("title=\"TEST: rootwatch notify-test, not a real alert\"");
    }

    @Test
    void saysWhatWentWrongWithoutTheUrl() {
        // Given a receiver that does not know the integration
        receiver.answer("/v2/enqueue", 404);
        NotifyTest test = notifyTest(pagerduty(receiver.uri("/v2/enqueue").toString()));

        // When the test is run
        List<NotifyTest.Outcome> outcomes = test.run("pager", true);

        // Then it stops at the failure and reports it
        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.delivered()).isFalse();
            assertThat(o.describe()).startsWith("FAILED sink=pager type=pagerduty status=FIRING after ").contains("HTTP 404")
                    .doesNotContain("127.0.0.1");
        });
    }

    @Test
    void refusesAnUnknownSinkNamingTheKnownOnes() {
        NotifyTest test = notifyTest(pagerduty(receiver.uri("/v2/enqueue").toString()));

        assertThatThrownBy(() -> test.run("pagr", false)).isInstanceOf(ConfigException.class)
                .hasMessage("no sink named 'pagr'; configured sinks: console, pager");
    }
}
