package dev.rootwatch.standalone;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.rootwatch.collector.testing.LocalSqs;
import dev.rootwatch.common.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** What the `rootwatch run` tests feed it besides ElasticMQ ({@link LocalSqs}): an S3 stub in S3's wire format, and CloudTrail messages. */
final class LiveFixtures {

    static final StaticCredentialsProvider CREDENTIALS = LocalSqs.CREDENTIALS;
    static final Region REGION = LocalSqs.REGION;

    private LiveFixtures() {
    }

    /** WireMock on a loopback port: S3 GetObject path-style, CloudTrail's JSON protocol. */
    static WireMockServer wireMock() {
        WireMockServer server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        return server;
    }

    /** Serves a gzip object at {@code /<bucket>/<key>} after {@code delayMillis}. */
    static void putObject(WireMockServer s3, String bucket, String key, byte[] body, int delayMillis) {
        s3.stubFor(get(urlPathEqualTo("/" + bucket + "/" + key)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/octet-stream").withBody(body).withFixedDelay(delayMillis)));
    }

    static String eventTime() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** An EventBridge "AWS Console Sign In via CloudTrail" event: root signed in without MFA. */
    static String eventBridgeRootLogin(String account, String eventId) {
        return fixture("eventbridge-root-console-login.json").replace("${ENVELOPE_ID}", UUID.randomUUID().toString())
                .replace("${ACCOUNT}", account).replace("${EVENT_TIME}", eventTime()).replace("${EVENT_ID}", eventId);
    }

    /** A gzip log file holding the CloudTrail event of an EventBridge fixture. */
    static byte[] logFileWithRootLogin(String account, String eventId) {
        try {
            JsonNode detail = Json.mapper().readTree(eventBridgeRootLogin(account, eventId)).get("detail");
            return gzip(("{\"Records\":[" + detail + "]}").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An S3 event notification of {@code key}, URL-encoded as S3 sends it, on one line. */
    static String s3Notification(String bucket, String key) {
        try {
            return Json.mapper().readTree(fixture("s3-event-notification.json").replace("${BUCKET}", bucket)
                    .replace("${NOTIFICATION_TIME}", Instant.now().toString())
                    .replace("${ENCODED_KEY}", URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/"))).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String logKey(String account, String suffix) {
        return "AWSLogs/" + account + "/CloudTrail/eu-west-1/2026/03/14/" + account + "_CloudTrail_eu-west-1_20260314T1205Z_"
                + suffix + ".json.gz";
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String fixture(String name) {
        try (InputStream in = LiveFixtures.class.getResourceAsStream("/live/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
