package dev.rootwatch.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code rootwatch.yaml} the live bench hands to {@code rootwatch run}: the embedded broker,
 * the SQS source on the bench's queue, posture polling off (it would call IAM), the console sink
 * off, and one generic webhook sink to the bench's receiver.
 *
 * <p>The webhook sink's rate limit is raised from its default of 10 calls a second: the bench
 * opens 20 incidents a second, far more than any real organization, and means to measure the
 * pipeline rather than the limiter that protects a receiver during an alert storm.
 *
 * @param queueUrl         the queue rootwatch reads
 * @param sqsEndpoint      where that queue's SQS answers (ElasticMQ in the bench)
 * @param sqsConcurrency   {@code collector.sqs.concurrency}
 * @param webhookUrl       the receiver's URL (loopback, so plain http is accepted)
 * @param secretEnv        the environment variable that holds the webhook's HMAC key
 * @param webhookRateLimit the sink's {@code rateLimitPerSecond}
 * @param httpPort         the port of /metrics, /healthz and /readyz
 * @param syncWrites       {@code kafka.embedded.syncWrites} to set, or null for rootwatch's default (on)
 */
record LiveConfigFile(String queueUrl, URI sqsEndpoint, int sqsConcurrency, URI webhookUrl, String secretEnv,
                      double webhookRateLimit, int httpPort, Boolean syncWrites) {

    /** Writes the configuration to {@code file} and returns it. */
    Path write(Path file) throws IOException {
        String yaml = String.join("\n",
                head("live bench", httpPort, queueUrl, sqsEndpoint),
                "    concurrency: " + sqsConcurrency,
                "notifier:",
                "  console:",
                "    enabled: false",
                "  sinks:",
                "    - name: bench-webhook",
                "      type: webhook",
                "      url: " + quoted(webhookUrl.toString()),
                "      secretEnv: " + secretEnv,
                "      rateLimitPerSecond: " + webhookRateLimit,
                syncWrites == null ? "" : "kafka:\n  embedded:\n    syncWrites: " + syncWrites + "\n");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }

    /**
     * What every bench's rootwatch.yaml starts with: /metrics and /readyz on loopback at {@code httpPort},
     * posture polling off (it would call IAM), the SQS source on one queue; ends inside {@code collector.sqs}.
     */
    static String head(String bench, int httpPort, String queueUrl, URI sqsEndpoint) {
        return String.join("\n",
                "# written by the rootwatch " + bench,
                "http:",
                "  port: " + httpPort,
                "  bindAddress: \"127.0.0.1\"",
                "posture:",
                "  enabled: false",
                "collector:",
                "  sqs:",
                "    queueUrls: [" + quoted(queueUrl) + "]",
                "    endpoint: " + quoted(sqsEndpoint.toString()));
    }

    static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
