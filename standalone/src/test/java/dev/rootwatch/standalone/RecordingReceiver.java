package dev.rootwatch.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.rootwatch.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver on loopback that records every call rootwatch's signed {@code webhook} sink
 * makes: when it came, its {@code Idempotency-Key}, the alert it carried, whether its HMAC
 * signature verifies, and what it answered. It can be told to fail (any status) or to be slow, as a
 * real receiver in an outage would be.
 */
final class RecordingReceiver implements AutoCloseable {

    /** One call: what came, and what the receiver answered. */
    record Call(Instant at, String idempotencyKey, String alertId, String type, String fingerprint, String severity,
                List<String> eventIds, boolean signatureValid,
                int status) {

        boolean accepted() {
            return status >= 200 && status < 300;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "recording-receiver");
        t.setDaemon(true);
        return t;
    });
    private final byte[] hmacKey;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile Duration delay = Duration.ZERO;

    private RecordingReceiver(HttpServer server, byte[] hmacKey) {
        this.server = server;
        this.hmacKey = hmacKey;
    }

    /** Starts on a free loopback port; {@code hmacKey} is the secret the webhook sink signs with. */
    static RecordingReceiver start(String hmacKey) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            RecordingReceiver receiver = new RecordingReceiver(server, hmacKey.getBytes(StandardCharsets.UTF_8));
            server.createContext("/", receiver::handle);
            server.setExecutor(receiver.executor);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    /** Answers every later call with {@code code} (200: accept). */
    void answer(int code) {
        status = code;
    }

    /** Waits {@code wait} before answering each later call. */
    void delay(Duration wait) {
        delay = wait;
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            Duration wait = delay;
            if (!wait.isZero()) {
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int answer = status;
            JsonNode alert = parse(body);
            List<String> eventIds = alert == null ? List.of() : Json.mapper().convertValue(alert.path("eventIds"),
                    Json.mapper().getTypeFactory().constructCollectionType(List.class, String.class));
            calls.add(new Call(Instant.now(), exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    alert == null ? null : alert.path("alertId").asText(null), alert == null ? null : alert.path("type").asText(null),
                    alert == null ? null : alert.path("fingerprint").asText(null),
                    alert == null ? null : alert.path("severity").asText(null), eventIds, verifies(exchange, body), answer));
            exchange.sendResponseHeaders(answer, -1);
            OutputStream out = exchange.getResponseBody();
            out.close();
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code X-Rootwatch-Signature: v1=<hex HMAC-SHA256 of timestamp + "." + body>}. */
    private boolean verifies(HttpExchange exchange, byte[] body) {
        String timestamp = exchange.getRequestHeaders().getFirst("X-Rootwatch-Timestamp");
        String signature = exchange.getRequestHeaders().getFirst("X-Rootwatch-Signature");
        if (timestamp == null || signature == null || !signature.startsWith("v1=")) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hmacKey, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = mac.doFinal(body);
            return MessageDigest.isEqual(expected, HexFormat.of().parseHex(signature.substring(3)));
        } catch (NoSuchAlgorithmException | InvalidKeyException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
