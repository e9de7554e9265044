package dev.rootwatch.collector.testing;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** ElasticMQ in this JVM on a loopback port, and a real SqsClient pointed at it. */
public final class LocalSqs implements AutoCloseable {

    public static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAROOTWATCHTEST", "rootwatch-test-secret"));
    public static final Region REGION = Region.EU_WEST_1;

    private final SQSRestServer server;
    private final URI endpoint;
    private final SqsClient client;

    private LocalSqs(SQSRestServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
        this.client = SqsClient.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(CREDENTIALS).build();
    }

    public static LocalSqs start() {
        SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().withAWSRegion(REGION.id()).start();
        int port = server.waitUntilStarted().localAddress().getPort();
        return new LocalSqs(server, URI.create("http://127.0.0.1:" + port));
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A client for the test's own sends and checks (the collector gets its own). */
    public SqsClient client() {
        return client;
    }

    public String createQueue(String name, Duration visibilityTimeout) {
        return client.createQueue(b -> b.queueName(name).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(visibilityTimeout.toSeconds())))).queueUrl();
    }

    public String send(String queueUrl, String body) {
        return client.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body)).messageId();
    }

    /** Messages in the queue, visible or in flight (received, not deleted). */
    public int messagesLeft(String queueUrl) {
        Map<QueueAttributeName, String> a = client.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
    }

    /** Messages received and not deleted whose visibility timeout has not passed. */
    public int messagesInFlight(String queueUrl) {
        return Integer.parseInt(client.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    @Override
    public void close() {
        client.close();
        server.stopAndWait();
    }
}
