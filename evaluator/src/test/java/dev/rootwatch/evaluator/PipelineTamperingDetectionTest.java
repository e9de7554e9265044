package dev.rootwatch.evaluator;

import static dev.rootwatch.evaluator.TrailEventBuilder.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.DetectionSettings;
import dev.rootwatch.common.config.SourceSettings;
import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.Severity;
import dev.rootwatch.common.model.TrailEvent;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PIPELINE_TAMPERING: the EventBridge rule, SQS queues, trail bucket and trail key the configuration
 * names, cut by a successful call. Resources are configured in each accepted form (name, URL, ARN).
 */
class PipelineTamperingDetectionTest {

    private static final String QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/111122223333/rootwatch-events";
    private static final String RULE = "rootwatch-cloudtrail";
    private static final String BUCKET = "aws-cloudtrail-logs-111122223333-5f3a";
    private static final String KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final String KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/" + KEY_ID;

    @TempDir
    Path stateDir;

    private EvaluatorDriver driver;

    @BeforeEach
    void startDriver() {
        Config config = TestSettings.onlyConfig(AlertType.PIPELINE_TAMPERING)
                .with(SourceSettings.SQS_QUEUE_URLS, List.of(QUEUE_URL))
                .with(DetectionSettings.PIPELINE_QUEUES, List.of("arn:aws:sqs:eu-west-1:444455556666:rootwatch-s3"))
                .with(DetectionSettings.PIPELINE_RULES, List.of("arn:aws:events:us-east-1:111122223333:rule/" + RULE))
                .with(DetectionSettings.PIPELINE_BUCKETS, List.of(BUCKET))
                .with(DetectionSettings.PIPELINE_KEYS, List.of(KEY_ARN));
        driver = new EvaluatorDriver(stateDir, EvaluatorSettings.from(config));
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private List<Object> changes() {
        return driver.alerts().stream().map(a -> a.details().get("change")).toList();
    }

    @Test
    void shouldFlagTheWatchedEventBridgeRuleCut() {
        // Given the rule disabled, its target removed, its pattern replaced, it disabled by PutRule, and deleted
        TrailEvent disabled = call("events.amazonaws.com", "DisableRule", "{\"name\":\"" + RULE + "\"}").build();
        driver.send(disabled);
        driver.send(call("events.amazonaws.com", "RemoveTargets", "{\"rule\":\"" + RULE + "\",\"ids\":[\"rootwatch-queue\"]}"));
        driver.send(call("events.amazonaws.com", "PutRule", "{\"name\":\"" + RULE
                + "\",\"eventPattern\":\"{\\\"source\\\":[\\\"aws.ec2\\\"]}\",\"state\":\"ENABLED\"}"));
        driver.send(call("events.amazonaws.com", "PutRule", "{\"name\":\"" + RULE + "\",\"state\":\"DISABLED\"}"));
        driver.send(call("events.amazonaws.com", "DeleteRule", "{\"name\":\"" + RULE + "\"}"));

        // Then each is one alert naming the rule
        List<Alert> alerts = driver.alerts();
        assertThat(alerts).extracting(a -> a.details().get("change")).containsExactly("RULE_DISABLED",
                "RULE_TARGETS_REMOVED", "RULE_PATTERN_CHANGED", "RULE_DISABLED", "RULE_DELETED");
        Alert first = alerts.get(0);
        assertThat(first.type()).isEqualTo(AlertType.PIPELINE_TAMPERING);
        assertThat(first.severity()).isEqualTo(Severity.HIGH);
        assertThat(first.eventIds()).containsExactly(disabled.eventId());
        assertThat(first.title()).isEqualTo("EventBridge rule disabled in account 111122223333");
        assertThat(first.details()).containsEntry("resourceType", "EventBridge rule").containsEntry("resource", RULE);
        assertThat(first.runbook()).contains("restore the rule");
        assertThat(alerts.get(1).details()).containsEntry("after", List.of("rootwatch-queue"));
        assertThat(alerts.get(2).details()).containsEntry("after", "{\"source\":[\"aws.ec2\"]}");
    }

    @Test
    void shouldFlagTheCollectorsQueueAndAnotherWatchedQueueCut() {
        // Given the collector's queue purged and re-policied, and the extra queue (configured by ARN) deleted
        driver.send(call("sqs.amazonaws.com", "PurgeQueue", "{\"queueUrl\":\"" + QUEUE_URL + "\"}"));
        driver.send(call("sqs.amazonaws.com", "SetQueueAttributes", "{\"queueUrl\":\"" + QUEUE_URL
                + "\",\"attributes\":{\"Policy\":\"{\\\"Version\\\":\\\"2012-10-17\\\",\\\"Statement\\\":[]}\"}}"));
        driver.send(call("sqs.amazonaws.com", "DeleteQueue",
                "{\"queueUrl\":\"https://sqs.eu-west-1.amazonaws.com/444455556666/rootwatch-s3\"}"));

        // Then each is flagged, naming the queue
        List<Alert> alerts = driver.alerts();
        assertThat(alerts).extracting(a -> a.details().get("change"))
                .containsExactly("QUEUE_PURGED", "QUEUE_POLICY_CHANGED", "QUEUE_DELETED");
        assertThat(alerts.get(2).details()).containsEntry("resource", "rootwatch-s3");
    }

    @Test
    void shouldFlagTheTrailBucketsPolicyLifecycleAndNotificationChanged() {
        for (String name : List.of("PutBucketPolicy", "DeleteBucketPolicy", "PutBucketLifecycle",
                "PutBucketLifecycleConfiguration", "PutBucketNotification", "PutBucketNotificationConfiguration")) {
            driver.send(call("s3.amazonaws.com", name, "{\"bucketName\":\"" + BUCKET + "\",\"Host\":\"" + BUCKET
                    + ".s3.us-east-1.amazonaws.com\"}"));
        }

        assertThat(changes()).containsExactly("BUCKET_POLICY_CHANGED", "BUCKET_POLICY_DELETED", "BUCKET_LIFECYCLE_CHANGED",
                "BUCKET_LIFECYCLE_CHANGED", "BUCKET_NOTIFICATION_CHANGED", "BUCKET_NOTIFICATION_CHANGED");
    }

    @Test
    void shouldFlagTheTrailKeyDisabledOrScheduledForDeletionWhateverFormTheRequestNamesItIn() {
        // Given the key disabled by its id, and its deletion scheduled through an alias (its ARN in resources)
        driver.send(call("kms.amazonaws.com", "DisableKey", "{\"keyId\":\"" + KEY_ID + "\"}"));
        driver.send(call("kms.amazonaws.com", "ScheduleKeyDeletion", "{\"keyId\":\"alias/cloudtrail\",\"pendingWindowInDays\":7}")
                .resource("AWS::KMS::Key", KEY_ARN));

        List<Alert> alerts = driver.alerts();
        assertThat(alerts).extracting(a -> a.details().get("change")).containsExactly("KEY_DISABLED", "KEY_DELETION_SCHEDULED");
        assertThat(alerts.get(1).details()).containsEntry("resource", KEY_ID).containsEntry("after", 7);
    }

    @Test
    void shouldStaySilentForOtherResourcesHarmlessChangesAndRefusedCalls() {
        // Given the same calls on resources nobody configured, or that change nothing that matters
        driver.send(call("events.amazonaws.com", "DisableRule", "{\"name\":\"nightly-backup\"}"));
        driver.send(call("events.amazonaws.com", "PutRule", "{\"name\":\"" + RULE + "\",\"description\":\"CloudTrail to rootwatch\"}"));
        driver.send(call("sqs.amazonaws.com", "PurgeQueue", "{\"queueUrl\":\"https://sqs.us-east-1.amazonaws.com/111122223333/orders\"}"));
        driver.send(call("sqs.amazonaws.com", "DeleteQueue",
                "{\"queueUrl\":\"https://sqs.us-east-1.amazonaws.com/999988887777/rootwatch-events\"}"));
        driver.send(call("sqs.amazonaws.com", "SetQueueAttributes", "{\"queueUrl\":\"" + QUEUE_URL
                + "\",\"attributes\":{\"VisibilityTimeout\":\"120\"}}"));
        driver.send(call("s3.amazonaws.com", "PutBucketPolicy", "{\"bucketName\":\"website-assets\"}"));
        driver.send(call("kms.amazonaws.com", "DisableKey", "{\"keyId\":\"ffffffff-12ab-34cd-56ef-1234567890ab\"}"));
        // And a watched resource cut by a refused call
        driver.send(call("events.amazonaws.com", "DeleteRule", "{\"name\":\"" + RULE + "\"}").failed("AccessDeniedException", "no"));
        driver.send(call("kms.amazonaws.com", "ScheduleKeyDeletion", "{\"keyId\":\"" + KEY_ARN + "\"}")
                .failed("AccessDeniedException", "no"));

        // Then nothing fires
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void shouldWatchNothingWhenNothingIsConfigured() {
        // Given the defaults: no rule, queue, bucket or key configured
        PipelineResources none = EvaluatorSettings.defaults().pipeline();

        // Then the detection has nothing to watch and says so
        assertThat(none.describe()).startsWith("PIPELINE_TAMPERING has nothing to watch");
        assertThat(new PipelineTamperingDetection(none).detect(call("events.amazonaws.com", "DeleteRule",
                "{\"name\":\"" + RULE + "\"}").build(), AccountState.empty(TrailEventBuilder.ACCOUNT))).isEmpty();
    }
}
