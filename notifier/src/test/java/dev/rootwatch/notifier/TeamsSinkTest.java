package dev.rootwatch.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TeamsSinkTest {

    private static final String PATH = "/workflows/abc/triggers/manual/paths/invoke";

    private final Receiver receiver = new Receiver();
    private final ChatWebhookSink sink = ChatWebhookSink.teams("teams", Receiver.http(), receiver.uri(PATH), Receiver.timeout(),
            URI.create("https://grafana.example/d/rootwatch"));

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void postsAnAdaptiveCardAsTheWorkflowExpects() throws Exception {
        // Given a Teams workflow accepting requests
        receiver.answer(PATH, 202);

        // When an alert is delivered
        sink.deliver(TestAlerts.loginWithoutMfa("a-1", "111122223333"));

        // Then a message with one Adaptive Card attachment arrived
        JsonNode message = Receiver.json(receiver.requests(PATH).get(0));
        assertThat(message.get("type").asText()).isEqualTo("message");
        JsonNode attachment = message.get("attachments").get(0);
        assertThat(attachment.get("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        assertThat(attachment.get("contentUrl").isNull()).isTrue();
        JsonNode card = attachment.get("content");
        assertThat(card.get("type").asText()).isEqualTo("AdaptiveCard");
        assertThat(card.get("version").asText()).isEqualTo("1.4");
        assertThat(card.get("$schema").asText()).isEqualTo("http://adaptivecards.io/schemas/adaptive-card.json");
        JsonNode body = card.get("body");
        assertThat(body.get(0).get("text").asText()).isEqualTo("CRITICAL FIRING ROOT\\_CONSOLE\\_LOGIN\\_WITHOUT\\_MFA");
        assertThat(body.get(0).get("color").asText()).isEqualTo("Attention");
        assertThat(body.get(1).get("text").asText()).isEqualTo("Root signed in without MFA");
        assertThat(body.get(3).get("type").asText()).isEqualTo("FactSet");
        assertThat(body.get(3).get("facts").get(0).get("title").asText()).isEqualTo("Account");
        assertThat(body.get(3).get("facts").get(0).get("value").asText()).isEqualTo("111122223333");
        assertThat(body.get(4).get("text").asText()).startsWith("**Runbook:** Reach the account owner now");
        assertThat(card.get("actions").get(0).get("type").asText()).isEqualTo("Action.OpenUrl");
        assertThat(card.get("actions").get(0).get("url").asText()).isEqualTo("https://grafana.example/d/rootwatch");
    }

    @Test
    void rendersAHostileUserAgentInertAndCut() throws Exception {
        // Given a Teams workflow accepting requests, and an alert whose user agent an attacker wrote
        receiver.answer(PATH, 202);

        // When it is delivered
        sink.deliver(TestAlerts.loginWithoutMfa("a-1", "111122223333", "198.51.100.7", TestAlerts.HOSTILE_USER_AGENT));

        // Then no markup, mention or link survives, and the text is cut
        String body = receiver.requests(PATH).get(0).getBodyAsString();
        assertThat(body).doesNotContain("<", ">", "\\u001b");
        JsonNode facts = Receiver.json(receiver.requests(PATH).get(0)).get("attachments").get(0).get("content").get("body").get(3).get("facts");
        String userAgent = null;
        for (JsonNode fact : facts) {
            if (fact.get("title").asText().equals("User agent")) {
                userAgent = fact.get("value").asText();
            }
        }
        assertThat(userAgent).startsWith("&lt;!channel&gt; &lt;!here&gt; &lt;@U024BE7LH&gt; \\*bold\\* \\_it\\_ \\~gone\\~ \\`code\\`"
                + " &lt;https://evil.example/login|click&gt; \\[click\\](https://evil.example) \\*\\*strong\\*\\*"
                + " &lt;at&gt;Everyone&lt;/at&gt; &lt;b&gt;html&lt;/b&gt; &amp;  \\[31mred A");
        // every Markdown character is escaped: none stands alone
        assertThat(userAgent).doesNotContainPattern("(?<!\\\\)[*_\\[\\]`~]");
        assertThat(userAgent).hasSizeLessThanOrEqualTo(TeamsText.FACT_MAX).endsWith("…");
        assertThat(body.length()).isLessThan(20_000);
    }
}
