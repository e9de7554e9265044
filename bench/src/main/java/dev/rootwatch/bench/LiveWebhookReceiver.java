package dev.rootwatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stands in for on-call's webhook endpoint: receives what rootwatch's generic webhook sink posts
 * (the {@code rootwatch.alert/v1} JSON, HMAC-signed), checks the signature as a real receiver
 * would, and notes for every CloudTrail eventID the alerts name when it first arrived and how
 * many times. Answers 200 at once, so the receiver never slows rootwatch down.
 */
final class LiveWebhookReceiver implements AutoCloseable {

    static final String PATH = "/alerts";

    private final ObjectMapper mapper = new ObjectMapper();
    private final byte[] key;
    private final HttpServer server;
    private final ExecutorService handlers;
    private final Map<String, Long> firstArrival = new ConcurrentHashMap<>();
    private final Map<String, long[]> detectedToArrival = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    private final Map<String, String> typeByEventId = new ConcurrentHashMap<>();
    private final AtomicLong posts = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    /** @param key the HMAC-SHA256 key rootwatch's webhook sink signs with */
    LiveWebhookReceiver(String key) throws IOException {
        this.key = key.getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        handlers = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "livebench-webhook");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(handlers);
        server.createContext(PATH, this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            long now = System.nanoTime();
            long nowWall = System.currentTimeMillis();
            posts.incrementAndGet();
            String timestamp = exchange.getRequestHeaders().getFirst("X-Rootwatch-Timestamp");
            String signature = exchange.getRequestHeaders().getFirst("X-Rootwatch-Signature");
            if (timestamp == null || signature == null || !MessageDigest.isEqual(
                    signature.getBytes(StandardCharsets.US_ASCII), sign(timestamp, body).getBytes(StandardCharsets.US_ASCII))) {
                rejected.incrementAndGet();
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            JsonNode alert = mapper.readTree(body);
            String type = alert.path("type").asText() + "/" + alert.path("status").asText();
            for (JsonNode id : alert.path("eventIds")) {
                String eventId = id.asText();
                if (firstArrival.putIfAbsent(eventId, now) == null) {
                    Instant detected = detectedAt(alert);
                    if (detected != null) {
                        detectedToArrival.put(eventId, new long[] {detected.toEpochMilli(), nowWall});
                    }
                }
                deliveries.computeIfAbsent(eventId, k -> new AtomicInteger()).incrementAndGet();
                typeByEventId.putIfAbsent(eventId, type);
            }
            exchange.sendResponseHeaders(200, -1);
        }
    }

    private String sign(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            mac.update(body);
            return "v1=" + HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }

    /** When an alert naming {@code eventId} first arrived (System.nanoTime), or null if none did. */
    Long arrival(String eventId) {
        return firstArrival.get(eventId);
    }

    /**
     * For the first alert naming {@code eventId}: its {@code detectedAt} and when it arrived, both in
     * milliseconds of the wall clock (rootwatch and the bench share this machine's clock); null if none
     * arrived or it carried no detectedAt.
     */
    long[] detectedAndArrived(String eventId) {
        return detectedToArrival.get(eventId);
    }

    private static Instant detectedAt(JsonNode alert) {
        try {
            return alert.hasNonNull("detectedAt") ? Instant.parse(alert.get("detectedAt").asText()) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** How many alert deliveries named {@code eventId}. */
    int deliveries(String eventId) {
        AtomicInteger n = deliveries.get(eventId);
        return n == null ? 0 : n.get();
    }

    /** The type and status ({@code TYPE/STATUS}) of the first alert that named {@code eventId}, or null. */
    String type(String eventId) {
        return typeByEventId.get(eventId);
    }

    /** Every eventID any alert named. */
    Set<String> eventIds() {
        return firstArrival.keySet();
    }

    long posts() {
        return posts.get();
    }

    /** Posts whose signature did not verify (answered 401). */
    long rejected() {
        return rejected.get();
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
