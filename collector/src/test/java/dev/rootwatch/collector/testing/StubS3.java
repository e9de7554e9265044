package dev.rootwatch.collector.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.net.URI;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3's wire format for GetObject, path-style ({@code GET /<bucket>/<key>}), served by WireMock:
 * objects as octet streams with ETag and Content-Length, S3's XML errors otherwise.
 */
public final class StubS3 implements AutoCloseable {

    private final WireMockServer server;

    private StubS3(WireMockServer server) {
        this.server = server;
    }

    public static StubS3 start() {
        WireMockServer server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
                .containerThreads(32).jettyAcceptors(2));
        server.start();
        StubS3 s3 = new StubS3(server);
        s3.notFoundByDefault();
        return s3;
    }

    public WireMockServer server() {
        return server;
    }

    public URI endpoint() {
        return URI.create(server.baseUrl());
    }

    /** A real S3Client, path-style, pointed at the stub. */
    public S3Client client() {
        return S3Client.builder().endpointOverride(endpoint()).forcePathStyle(true).region(LocalSqs.REGION)
                .credentialsProvider(LocalSqs.CREDENTIALS).build();
    }

    public void put(String bucket, String key, byte[] body) {
        server.stubFor(get(urlPathEqualTo(path(bucket, key))).atPriority(1).willReturn(object(body)));
    }

    /** Serves {@code body} only after {@code delayMillis}: a large file that takes long to process. */
    public void putSlow(String bucket, String key, byte[] body, int delayMillis) {
        server.stubFor(get(urlPathEqualTo(path(bucket, key))).atPriority(1).willReturn(object(body).withFixedDelay(delayMillis)));
    }

    public void fail(String bucket, String key, int status, String code) {
        server.stubFor(get(urlPathEqualTo(path(bucket, key))).atPriority(1).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/xml")
                .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>stubbed "
                        + code + "</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>")));
    }

    public int requestsFor(String bucket, String key) {
        return server.findAll(getRequestedFor(urlPathEqualTo(path(bucket, key)))).size();
    }

    public int requestsUnder(String bucket) {
        return server.findAll(getRequestedFor(urlPathMatching("/" + bucket + "/.*"))).size();
    }

    public void reset() {
        server.resetAll();
        notFoundByDefault();
    }

    private void notFoundByDefault() {
        server.stubFor(get(urlPathMatching("/.*")).atPriority(10).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/xml")
                .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does"
                        + " not exist.</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>")));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder object(byte[] body) {
        return aResponse().withStatus(200)
                .withHeader("Content-Type", "application/octet-stream")
                .withHeader("ETag", "\"" + Integer.toHexString(java.util.Arrays.hashCode(body)) + "\"")
                .withHeader("Last-Modified", "Sat, 14 Mar 2026 12:05:00 GMT")
                .withBody(body);
    }

    /** The request path S3 clients use for a key: each segment percent-encoded. */
    public static String path(String bucket, String key) {
        StringBuilder sb = new StringBuilder("/").append(bucket);
        for (String segment : key.split("/", -1)) {
            sb.append('/').append(java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return sb.toString();
    }

    @Override
    public void close() {
        server.stop();
    }
}
