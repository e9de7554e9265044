package dev.rootwatch.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlackSinkTest {

    private static final String PATH = "/services/T000/B000/XXXX";

    private final Receiver receiver = new Receiver();
    private final ChatWebhookSink sink = ChatWebhookSink.slack("slack", Receiver.http(), receiver.uri(PATH), Receiver.timeout(),
            URI.create("https://grafana.example/d/rootwatch"));

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void postsABlockKitMessage() throws Exception {
        // Given Slack accepting messages
        receiver.answer(PATH, 200);

        // When an alert is delivered
        sink.deliver(TestAlerts.loginWithoutMfa("a-1", "111122223333"));

        // Then one message arrived with a header, the summary, the facts, the runbook, a button and the ids
        JsonNode message = Receiver.json(receiver.requests(PATH).get(0));
        assertThat(message.get("text").asText())
                .isEqualTo("CRITICAL FIRING ROOT_CONSOLE_LOGIN_WITHOUT_MFA: Root signed in without MFA (account 111122223333)");
        assertThat(message.get("unfurl_links").asBoolean()).isFalse();
        List<String> types = new ArrayList<>();
        message.get("blocks").forEach(b -> types.add(b.get("type").asText()));
        assertThat(types).containsExactly("header", "section", "section", "section", "actions", "context");
        JsonNode header = message.get("blocks").get(0).get("text");
        assertThat(header.get("type").asText()).isEqualTo("plain_text");
        assertThat(header.get("text").asText())
                .isEqualTo("\uD83D\uDD34 CRITICAL FIRING ROOT_CONSOLE_LOGIN_WITHOUT_MFA: Root signed in without MFA");
        assertThat(message.get("blocks").get(1).get("text").get("text").asText())
                .isEqualTo("The root user of account 111122223333 signed in to the console without MFA.");
        JsonNode fields = message.get("blocks").get(2).get("fields");
        assertThat(fields.get(0).get("type").asText()).isEqualTo("mrkdwn");
        assertThat(fields.get(0).get("text").asText()).isEqualTo("*Account*\n111122223333");
        // rootwatch's own names keep their underscores (a code span in mrkdwn), attacker text does not
        assertThat(fields.get(1).get("text").asText()).isEqualTo("*Type*\n`ROOT_CONSOLE_LOGIN_WITHOUT_MFA`");
        assertThat(fields.get(7).get("text").asText()).isEqualTo("*User agent*\nMozilla/5.0 (X11; Linux x86ˍ64)");
        assertThat(message.get("blocks").get(3).get("text").get("text").asText()).startsWith("*Runbook*\nReach the account owner now");
        assertThat(message.get("blocks").get(4).get("elements").get(0).get("url").asText()).isEqualTo("https://grafana.example/d/rootwatch");
        assertThat(message.get("blocks").get(5).get("elements").get(0).get("text").asText())
                .isEqualTo("rootwatch · alert `a-1` · fingerprint `fp-111122223333-login` · CIS AWS Foundations v7.0.0 2.5, Security Hub IAM.9");
    }

    @Test
    void rendersAHostileUserAgentInertAndCutToSlacksLimits() throws Exception {
        // Given Slack accepting messages, and an alert whose user agent an attacker wrote
        receiver.answer(PATH, 200);

        // When it is delivered
        sink.deliver(TestAlerts.loginWithoutMfa("a-1", "111122223333", "198.51.100.7", TestAlerts.HOSTILE_USER_AGENT));

        // Then nothing in the message can mention, link or format: Slack's control characters are all escaped
        String body = receiver.requests(PATH).get(0).getBodyAsString();
        assertThat(body).doesNotContain("<", ">", "*bold*", "_it_", "~gone~", "`code`", "\\u001b");
        JsonNode message = Receiver.json(receiver.requests(PATH).get(0));
        String userAgent = message.get("blocks").get(2).get("fields").get(7).get("text").asText();
        assertThat(userAgent).startsWith("*User agent*\n&lt;!channel&gt; &lt;!here&gt; &lt;@U024BE7LH&gt; \u2217bold\u2217 \u02cdit\u02cd"
                + " \u223cgone\u223c \u02cbcode\u02cb &lt;https://evil.example/login|click&gt;");
        assertThat(userAgent).contains("&amp;").endsWith("…");
        // And every text is within Slack's limits
        assertThat(userAgent).hasSizeLessThanOrEqualTo(SlackText.FIELD_MAX);
        message.get("blocks").forEach(block -> {
            if (block.get("type").asText().equals("header")) {
                assertThat(block.get("text").get("text").asText()).hasSizeLessThanOrEqualTo(SlackText.HEADER_MAX);
            }
            if (block.has("text")) {
                assertThat(block.get("text").get("text").asText()).hasSizeLessThanOrEqualTo(SlackText.SECTION_MAX);
            }
            if (block.has("fields")) {
                block.get("fields").forEach(f -> assertThat(f.get("text").asText()).hasSizeLessThanOrEqualTo(SlackText.FIELD_MAX));
            }
        });
        assertThat(body.length()).isLessThan(20_000);
    }

    @Test
    void escapesSlacksControlCharactersAndCutsWithoutBreakingAnEntity() {
        assertThat(SlackText.escape("a & b < c > d", 100)).isEqualTo("a &amp; b &lt; c &gt; d");
        assertThat(SlackText.escape("<!channel>", 100)).isEqualTo("&lt;!channel&gt;");
        // 10 chars of room: "x&amp;" would be cut inside the entity, so it stops before it
        assertThat(SlackText.escape("xxxxxxx&yyyy", 10)).isEqualTo("xxxxxxx…");
        assertThat(SlackText.escape("short", 10)).isEqualTo("short");
        assertThat(SlackText.escape("line\nbreak\u202Eevil", 100)).isEqualTo("line break evil");
    }

    @Test
    void marksAResolvedAlertAsSuch() throws Exception {
        receiver.answer(PATH, 200);

        sink.deliver(TestAlerts.resolved(TestAlerts.loginWithoutMfa("a-1", "111122223333"), "a-2"));

        JsonNode message = Receiver.json(receiver.requests(PATH).get(0));
        assertThat(message.get("blocks").get(0).get("text").get("text").asText()).startsWith("\u2705 RESOLVED");
    }

    @Test
    void neverNamesItsWebhookUrl() {
        assertThat(sink.toString()).isEqualTo("SlackSink[slack]");
    }
}
