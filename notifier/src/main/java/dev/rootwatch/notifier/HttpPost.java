package dev.rootwatch.notifier;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * POSTs one payload to a receiver with the JDK's HTTP client and turns the answer into success or a
 * {@link DeliveryException}: 2xx is success; 408, 429 and 5xx are retryable (with the receiver's
 * {@code Retry-After}); any other status is not. TLS certificates and host names are always
 * verified (the client's defaults, never relaxed); redirects are not followed, so a payload or a
 * credential header never travels to another host. The whole call, response body included, is
 * bounded by the timeout, and at most {@link #MAX_BODY} bytes of an answer are kept.
 *
 * <p>Error messages name the status and a short excerpt of the receiver's answer, never the URL.
 */
final class HttpPost {

    static final int MAX_BODY = 4096;
    static final int MAX_EXCERPT = 160;
    static final String USER_AGENT = "rootwatch-notifier";
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client;
    private final Clock clock;

    HttpPost(HttpClient client, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The client every HTTP sink of a notifier shares: HTTP/1.1, no redirects, certificates verified. */
    static HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    /**
     * @param headers extra request headers (Content-Type is application/json unless given)
     * @return the receiver's answer on 2xx (at most {@link #MAX_BODY} bytes, as text)
     */
    String post(URI uri, Map<String, String> headers, byte[] body, Duration timeout) throws DeliveryException {
        HttpRequest request;
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                    .timeout(timeout)
                    .header("User-Agent", USER_AGENT)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (!headers.containsKey("Content-Type")) {
                builder.header("Content-Type", "application/json; charset=utf-8");
            }
            headers.forEach(builder::header);
            request = builder.build();
        } catch (IllegalArgumentException e) {
            // a header value the alert made unsendable (a control character): retrying cannot help
            throw new DeliveryException("cannot build the request: invalid header value", false);
        }
        CompletableFuture<HttpResponse<byte[]>> call = client.sendAsync(request, info -> new BoundedBody(MAX_BODY));
        HttpResponse<byte[]> response;
        try {
            // the request timeout covers the answer's headers; this bounds the body too
            response = call.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted while calling the receiver", true);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new DeliveryException("no complete answer within " + timeout.toMillis() + " ms", e, true, null, false);
        } catch (ExecutionException e) {
            throw failure(e.getCause(), timeout);
        }
        return classify(response);
    }

    private String classify(HttpResponse<byte[]> response) throws DeliveryException {
        int status = response.statusCode();
        String text = new String(response.body(), StandardCharsets.UTF_8);
        if (status >= 200 && status < 300) {
            return text;
        }
        String detail = "HTTP " + status + excerpt(text);
        Duration retryAfter = retryAfter(response.headers().firstValue("Retry-After"), clock.instant()).orElse(null);
        if (status == 429) {
            throw new DeliveryException(detail + " (rate limited)", null, true, retryAfter, true);
        }
        if (status >= 500 || status == 408) {
            throw new DeliveryException(detail, null, true, retryAfter, false);
        }
        if (status >= 300 && status < 400) {
            throw new DeliveryException(detail + " (redirects are not followed; check the sink's URL)", false);
        }
        throw new DeliveryException(detail, false);
    }

    private static DeliveryException failure(Throwable cause, Duration timeout) {
        if (cause instanceof HttpTimeoutException) {
            return new DeliveryException("no answer within " + timeout.toMillis() + " ms", cause, true);
        }
        if (cause instanceof ConnectException) {
            return new DeliveryException("cannot connect to the receiver: " + cause.getClass().getSimpleName(), cause, true);
        }
        if (cause instanceof SSLException) {
            // a certificate that does not verify stays an error; retrying may still help after a rotation
            return new DeliveryException("TLS failure: " + cause.getMessage(), cause, true);
        }
        if (cause instanceof IOException) {
            return new DeliveryException("I/O failure talking to the receiver: " + cause, cause, true);
        }
        return new DeliveryException("unexpected failure calling the receiver: " + cause, cause, true);
    }

    private static String excerpt(String body) {
        String text = Texts.plain(body.strip(), MAX_EXCERPT);
        return text.isEmpty() ? "" : ": " + text;
    }

    /** {@code Retry-After} as seconds or as an HTTP date; absent when missing, garbled or in the past. */
    static Optional<Duration> retryAfter(Optional<String> header, Instant now) {
        if (header.isEmpty() || header.get().isBlank()) {
            return Optional.empty();
        }
        String value = header.get().strip();
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(Math.min(seconds, 86_400)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(now, at);
                return wait.isNegative() ? Optional.empty() : Optional.of(wait);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    /** Collects at most {@code max} bytes of a body and drops the rest. */
    private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int max;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

        BoundedBody(int max) {
            this.max = max;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer buffer : items) {
                int room = max - bytes.size();
                int n = Math.min(room, buffer.remaining());
                if (n > 0) {
                    byte[] chunk = new byte[n];
                    buffer.get(chunk);
                    bytes.write(chunk, 0, n);
                }
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }
}
