package dev.rootwatch.notifier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpPostTest {

    private final Receiver receiver = new Receiver();
    private final HttpPost http = Receiver.http();

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void readsRetryAfterAsSecondsOrAsADate() {
        Instant now = Instant.parse("2026-11-01T12:00:00Z");
        assertThat(HttpPost.retryAfter(Optional.of("30"), now)).contains(Duration.ofSeconds(30));
        assertThat(HttpPost.retryAfter(Optional.of("Sun, 01 Nov 2026 12:00:45 GMT"), now)).contains(Duration.ofSeconds(45));
        assertThat(HttpPost.retryAfter(Optional.of("Sun, 01 Nov 2026 11:00:00 GMT"), now)).isEmpty();
        assertThat(HttpPost.retryAfter(Optional.of("soon"), now)).isEmpty();
        assertThat(HttpPost.retryAfter(Optional.of("-5"), now)).isEmpty();
        assertThat(HttpPost.retryAfter(Optional.empty(), now)).isEmpty();
    }

    @Test
    void treatsAServerErrorAsRetryableWithItsRetryAfter() {
        receiver.answer("/x", aResponse().withStatus(503).withHeader("Retry-After", "2").withBody("down for maintenance"));

        assertThatThrownBy(() -> http.post(receiver.uri("/x"), Map.of(), new byte[0], Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.throttled()).isFalse();
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
                    assertThat(e.getMessage()).isEqualTo("HTTP 503: down for maintenance");
                });
    }

    @Test
    void neverFollowsARedirect() {
        // Given a receiver that redirects elsewhere
        receiver.answer("/x", aResponse().withStatus(302).withHeader("Location", receiver.uri("/elsewhere").toString()));
        receiver.answer("/elsewhere", 200);

        // Then the call fails for good and nothing is posted elsewhere
        assertThatThrownBy(() -> http.post(receiver.uri("/x"), Map.of(), "{}".getBytes(), Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("redirects are not followed");
        assertThat(receiver.requests("/elsewhere")).isEmpty();
    }

    @Test
    void givesUpWaitingAfterTheTimeout() {
        // Given a receiver that answers after twenty seconds
        receiver.answer("/slow", aResponse().withStatus(200).withFixedDelay(20_000));

        // When it is called with a 300 ms timeout
        long started = System.nanoTime();
        assertThatThrownBy(() -> http.post(receiver.uri("/slow"), Map.of(), new byte[0], Duration.ofMillis(300)))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("within 300 ms");

        // Then it did not wait for the answer (however slow this machine, far from twenty seconds)
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void keepsOnlyTheStartOfALongAnswer() throws Exception {
        receiver.answer("/big", aResponse().withStatus(200).withBody("z".repeat(100_000)));

        assertThat(http.post(receiver.uri("/big"), Map.of(), new byte[0], Duration.ofSeconds(5))).hasSize(HttpPost.MAX_BODY);
    }

    @Test
    void reportsAnUnreachableReceiverWithoutItsAddress() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI closed = URI.create("http://127.0.0.1:" + port + "/secret-path-T000");

        assertThatThrownBy(() -> http.post(closed, Map.of(), new byte[0], Duration.ofSeconds(2)))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(ErrorText.redact(e.getMessage())).doesNotContain("secret-path", String.valueOf(port));
                });
    }
}
