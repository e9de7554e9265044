package dev.rootwatch.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.SdkHttpService;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * The queue rootwatch reads in the live bench: ElasticMQ running in this JVM on a loopback port,
 * and the bench's own SQS client for sending to it. Nothing here ever reaches AWS; the
 * credentials are made up and only satisfy the SDK's signing.
 */
final class LiveSqs implements AutoCloseable {

    static final String REGION = "eu-west-1";
    static final String ACCESS_KEY = "AKIAROOTWATCHBENCH";
    static final String SECRET_KEY = "rootwatch-bench-not-a-secret";

    private final SQSRestServer server;
    private final URI endpoint;
    private final SdkHttpClient http;
    private final SqsClient client;

    LiveSqs() {
        server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().withAWSRegion(REGION).start();
        endpoint = URI.create("http://127.0.0.1:" + server.waitUntilStarted().localAddress().getPort());
        http = httpClient();
        client = SqsClient.builder().endpointOverride(endpoint).region(Region.of(REGION)).httpClient(http)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    /**
     * The SDK refuses to choose when it finds several HTTP clients on the classpath (rootwatch's
     * modules bring more than one), so the bench names one: the first the classpath offers.
     */
    private static SdkHttpClient httpClient() {
        SdkHttpService service = ServiceLoader.load(SdkHttpService.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no AWS SDK HTTP client on the classpath"));
        return service.createHttpClientBuilder().buildWithDefaults(AttributeMap.builder()
                .put(SdkHttpConfigurationOption.MAX_CONNECTIONS, 64).build());
    }

    URI endpoint() {
        return endpoint;
    }

    String createQueue(String name) {
        return client.createQueue(b -> b.queueName(name).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30")))
                .queueUrl();
    }

    void send(String queueUrl, String body) {
        client.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
    }

    /** Sends up to 10 bodies in one SendMessageBatch call; returns how many SQS accepted. */
    int sendBatch(String queueUrl, List<String> bodies) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>(bodies.size());
        for (int i = 0; i < bodies.size(); i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(bodies.get(i)).build());
        }
        SendMessageBatchResponse response = client.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
        return response.successful().size();
    }

    /** Messages waiting or being processed: what rootwatch has not finished with yet. */
    int backlog(String queueUrl) {
        Map<QueueAttributeName, String> a = client.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    @Override
    public void close() {
        client.close();
        http.close();
        server.stopAndWait();
    }
}
