package dev.rootwatch.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.rootwatch.common.json.Json;
import dev.rootwatch.common.model.Alert;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookSinkTest {

    private static final String PATH = "/hooks/rootwatch";
    private static final String KEY = "whsec-test-0123456789abcdef";
    private static final Instant NOW = Instant.parse("2026-11-01T12:00:07Z");

    private final Receiver receiver = new Receiver();
    private final WebhookSink sink = new WebhookSink("hook", Receiver.http(), receiver.uri(PATH), Secret.of(KEY, "test"),
            Receiver.timeout(), Clock.fixed(NOW, ZoneOffset.UTC));

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void postsTheAlertSignedOverTimestampAndBody() throws Exception {
        // Given a receiver accepting calls
        receiver.answer(PATH, 204);
        Alert alert = TestAlerts.loginWithoutMfa("a-1", "111122223333");

        // When an alert is delivered
        sink.deliver(alert);

        // Then the body is the rootwatch.alert/v1 JSON
        LoggedRequest request = receiver.requests(PATH).get(0);
        assertThat(Json.mapper().readValue(request.getBody(), Alert.class)).isEqualTo(alert);
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        // And it carries the timestamp, the alert id as idempotency key, and a signature the receiver can check
        String timestamp = request.getHeader("X-Rootwatch-Timestamp");
        assertThat(timestamp).isEqualTo(Long.toString(NOW.getEpochSecond()));
        assertThat(request.getHeader("Idempotency-Key")).isEqualTo("a-1");
        String expected = "v1=" + hmacSha256Hex(KEY, timestamp + "." + new String(request.getBody(), StandardCharsets.UTF_8));
        String signature = request.getHeader("X-Rootwatch-Signature");
        assertThat(MessageDigest.isEqual(signature.getBytes(StandardCharsets.US_ASCII), expected.getBytes(StandardCharsets.US_ASCII)))
                .as("signature %s matches %s", signature, expected).isTrue();
    }

    @Test
    void aChangedTimestampOrBodyNoLongerMatchesTheSignature() throws Exception {
        receiver.answer(PATH, 200);
        sink.deliver(TestAlerts.loginWithoutMfa("a-1", "111122223333"));

        LoggedRequest request = receiver.requests(PATH).get(0);
        String body = new String(request.getBody(), StandardCharsets.UTF_8);
        String signature = request.getHeader("X-Rootwatch-Signature");
        assertThat(signature).isNotEqualTo("v1=" + hmacSha256Hex(KEY, (NOW.getEpochSecond() + 600) + "." + body));
        assertThat(signature).isNotEqualTo("v1=" + hmacSha256Hex(KEY, NOW.getEpochSecond() + "." + body.replace("CRITICAL", "INFO")));
    }

    /** The receiver's side, written independently of the sink's code. */
    private static String hmacSha256Hex(String key, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }
}
