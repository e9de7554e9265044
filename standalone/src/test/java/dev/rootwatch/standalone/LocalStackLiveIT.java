package dev.rootwatch.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rootwatch.collector.aws.AwsClients;
import dev.rootwatch.collector.aws.AwsEndpoints;
import dev.rootwatch.common.runtime.GracefulShutdown;
import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.PostureSettings;
import dev.rootwatch.common.config.Settings;
import dev.rootwatch.common.config.SourceSettings;
import dev.rootwatch.common.json.Json;
import dev.rootwatch.notifier.JsonLinesFileSink;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The SQS + S3 path against LocalStack: a real bucket notification configuration (with the
 * s3:TestEvent it posts) delivers CloudTrail log files' notifications to a real queue, and
 * `rootwatch run` turns the root login in the file into an alert. Runs where Docker exists; skipped here.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackLiveIT {

    static final String LOCALSTACK_IMAGE = "localstack/localstack:4.4.0";
    private static final String ACCOUNT = "111122223333";

    @Container
    static final GenericContainer<?> LOCALSTACK = new GenericContainer<>(DockerImageName.parse(LOCALSTACK_IMAGE))
            .withExposedPorts(4566)
            .withEnv("SERVICES", "sqs,s3")
            .waitingFor(Wait.forHttp("/_localstack/health").forPort(4566).forStatusCode(200));

    @TempDir
    Path dir;

    @Test
    void aLogFileDeliveredToTheBucketBecomesAnAlert() throws Exception {
        URI endpoint = URI.create("http://" + LOCALSTACK.getHost() + ":" + LOCALSTACK.getMappedPort(4566));
        String bucket = "trail-" + UUID.randomUUID().toString().substring(0, 8);
        try (S3Client s3 = S3Client.builder().endpointOverride(endpoint).forcePathStyle(true).region(LiveFixtures.REGION)
                .credentialsProvider(LiveFixtures.CREDENTIALS).build();
             SqsClient sqs = SqsClient.builder().endpointOverride(endpoint).region(LiveFixtures.REGION)
                     .credentialsProvider(LiveFixtures.CREDENTIALS).build();
             AwsClients aws = new AwsClients(new AwsEndpoints(endpoint, endpoint, null, true), LiveFixtures.CREDENTIALS,
                     LiveFixtures.REGION, 16)) {
            // Given a CloudTrail bucket whose object-created notifications go to a queue
            s3.createBucket(b -> b.bucket(bucket).createBucketConfiguration(c -> c.locationConstraint(LiveFixtures.REGION.id())));
            String queue = sqs.createQueue(b -> b.queueName(bucket)).queueUrl();
            String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queue).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            QueueConfiguration toQueue = QueueConfiguration.builder().queueArn(queueArn).events(Event.S3_OBJECT_CREATED).build();
            s3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> n.queueConfigurations(toQueue)));

            // and rootwatch run reading the queue
            Path alerts = dir.resolve("alerts.jsonl");
            Config config = Config.defaults()
                    .with(PostureSettings.ENABLED, false) // posture polling has its own tests; never real AWS here
                    .with(Settings.HTTP_PORT, -1)
                    .with(Settings.DATA_DIR, dir.resolve("data").toString())
                    .with(Settings.NOTIFIER_CONSOLE_ENABLED, false)
                    .with(Settings.NOTIFIER_FILE_PATH, alerts.toString())
                    .with(SourceSettings.SQS_QUEUE_URLS, List.of(queue))
                    .with(SourceSettings.SQS_WAIT_TIME, Duration.ofSeconds(1));
            GracefulShutdown shutdown = GracefulShutdown.manual();
            LiveRunner runner = new LiveRunner(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                    List.of(new JsonLinesFileSink(alerts)), aws);
            Future<Integer> running = Executors.newSingleThreadExecutor().submit(() -> runner.run(shutdown));

            // When CloudTrail delivers a log file holding a root login
            String eventId = UUID.randomUUID().toString();
            s3.putObject(b -> b.bucket(bucket).key(LiveFixtures.logKey(ACCOUNT, "localstack000001")),
                    RequestBody.fromBytes(LiveFixtures.logFileWithRootLogin(ACCOUNT, eventId)));

            // Then its alert is written and the queue emptied
            await().atMost(Duration.ofMinutes(2)).until(() -> Files.exists(alerts) && Files.readString(alerts).contains(eventId));
            shutdown.requestStop();
            assertThat(running.get()).isZero();
            assertThat(Json.mapper().readTree(Files.readAllLines(alerts).get(0)).get("type").asText())
                    .isEqualTo("ROOT_CONSOLE_LOGIN_WITHOUT_MFA");
            Map<QueueAttributeName, String> left = sqs.getQueueAttributes(b -> b.queueUrl(queue).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes();
            assertThat(left.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).isEqualTo("0");
        }
    }
}
