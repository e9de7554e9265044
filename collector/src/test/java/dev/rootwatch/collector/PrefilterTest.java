package dev.rootwatch.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rootwatch.collector.testing.RecordingPublisher;
import dev.rootwatch.common.cloudtrail.InputLimits;
import dev.rootwatch.common.json.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The collector skips, unparsed, the records of log files that hold none of
 * {@link RelevanceFilter#PREFILTER}'s markers. That is only right if the relevance rule can
 * never keep such a record, and if collecting with the prefilter publishes exactly what
 * collecting without it does.
 */
class PrefilterTest {

    private static final String[] TYPES = {"Root", "IAMUser", "AssumedRole", "AWSService", "FederatedUser", "root", "Root "};
    private static final String[] SOURCES = {"iam.amazonaws.com", "sts.amazonaws.com", "cloudtrail.amazonaws.com",
            "signin.amazonaws.com", "s3.amazonaws.com", "ec2.amazonaws.com", "organizations.amazonaws.com", "events.amazonaws.com",
            "sqs.amazonaws.com", "kms.amazonaws.com"};
    private static final String[] NAMES = {"ConsoleLogin", "CreateVirtualMFADevice", "EnableMFADevice", "DeactivateMFADevice",
            "DeleteVirtualMFADevice", "ResyncMFADevice", "AssumeRoot", "StopLogging", "DeleteTrail", "ListMFADevices",
            "GetObject", "DescribeInstances", "AssumeRole", "UpdateTrail", "StartLogging", "ChangePassword", "deactivateMFADevice",
            "PutEventSelectors", "GetEventSelectors", "DeleteEventDataStore", "StopEventDataStoreIngestion",
            "StartEventDataStoreIngestion", "DisableAWSServiceAccess", "EnableAWSServiceAccess", "DeregisterDelegatedAdministrator",
            "updateTrail", "PutRule", "DescribeRule", "PurgeQueue", "GetQueueAttributes", "PutBucketPolicy", "GetBucketPolicy",
            "ScheduleKeyDeletion", "Decrypt"};

    /**
     * Trail and pipeline calls as an IAM user makes them, benign and weakening alike, on watched resources or not,
     * with CloudTrail's requestParameters: the collector keeps every one, only the evaluator reads the request and decides.
     */
    private static final String[][] TRAIL_CALLS = {
            {"cloudtrail.amazonaws.com", "UpdateTrail", "{\"name\":\"main\",\"includeGlobalServiceEvents\":false}"},
            {"cloudtrail.amazonaws.com", "UpdateTrail", "{\"name\":\"main\",\"enableLogFileValidation\":true}"},
            {"cloudtrail.amazonaws.com", "PutEventSelectors", "{\"trailName\":\"main\",\"eventSelectors\":[{\"readWriteType\":"
                    + "\"ReadOnly\",\"includeManagementEvents\":false,\"excludeManagementEventSources\":[]}]}"},
            {"cloudtrail.amazonaws.com", "PutEventSelectors", "{\"trailName\":\"main\",\"eventSelectors\":[{\"readWriteType\":"
                    + "\"All\",\"includeManagementEvents\":true,\"excludeManagementEventSources\":[]}]}"},
            {"cloudtrail.amazonaws.com", "PutEventSelectors", "{\"trailName\":\"main\",\"advancedEventSelectors\":[{\"name\":"
                    + "\"data\",\"fieldSelectors\":[{\"field\":\"eventCategory\",\"equals\":[\"Data\"]}]}]}"},
            {"cloudtrail.amazonaws.com", "DeleteEventDataStore", "{\"eventDataStore\":\"arn:aws:cloudtrail:us-east-1:111122223333:"
                    + "eventdatastore/eds\"}"},
            {"cloudtrail.amazonaws.com", "StopEventDataStoreIngestion", "{\"eventDataStore\":\"eds\"}"},
            {"organizations.amazonaws.com", "DisableAWSServiceAccess", "{\"servicePrincipal\":\"cloudtrail.amazonaws.com\"}"},
            {"organizations.amazonaws.com", "DisableAWSServiceAccess", "{\"servicePrincipal\":\"config.amazonaws.com\"}"},
            {"organizations.amazonaws.com", "DeregisterDelegatedAdministrator",
                    "{\"accountId\":\"444455556666\",\"servicePrincipal\":\"cloudtrail.amazonaws.com\"}"},
            {"events.amazonaws.com", "DisableRule", "{\"name\":\"rootwatch-cloudtrail\"}"},
            {"events.amazonaws.com", "PutRule", "{\"name\":\"any-rule\",\"description\":\"unchanged\"}"},
            {"sqs.amazonaws.com", "PurgeQueue", "{\"queueUrl\":\"https://sqs.us-east-1.amazonaws.com/111122223333/q\"}"},
            {"s3.amazonaws.com", "PutBucketNotification", "{\"bucketName\":\"trail-logs\"}"},
            {"kms.amazonaws.com", "ScheduleKeyDeletion", "{\"keyId\":\"alias/other\",\"pendingWindowInDays\":30}"}};

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void everyEventTheRelevanceRuleKeepsHoldsAMarker() {
        // Given every combination of identity type, event source and event name, with and without other fields
        int relevant = 0;
        for (String type : TYPES) {
            for (String source : SOURCES) {
                for (String name : NAMES) {
                    ObjectNode event = event(type, source, name, "evt");
                    // When the rule keeps it, Then some string in it is a marker
                    if (RelevanceFilter.isRelevant(event)) {
                        relevant++;
                        assertThat(holdsMarker(event)).as(type + " " + source + " " + name).isTrue();
                    }
                }
            }
        }
        assertThat(relevant).as("combinations the rule keeps").isGreaterThan(50);
    }

    @Test
    void collectingWithThePrefilterPublishesExactlyWhatTheExactParserDoes() throws Exception {
        // Given a gzip log file of mostly noise with every kind of relevant event among it, in random order
        Random random = new Random(5);
        List<JsonNode> records = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            boolean interesting = random.nextInt(50) == 0;
            records.add(event(interesting ? TYPES[random.nextInt(TYPES.length)] : "AssumedRole",
                    SOURCES[random.nextInt(SOURCES.length)], interesting ? NAMES[random.nextInt(NAMES.length)] : "GetObject",
                    "evt-" + i));
        }
        ObjectNode file = Json.mapper().createObjectNode();
        file.putArray("Records").addAll(records);
        byte[] gzip = gzip(Json.mapper().writeValueAsBytes(file));

        // When the same file is collected with the prefilter and with the exact parser
        Collected fast = collect(gzip, RelevanceFilter.PREFILTER);
        Collected exact = collect(gzip, null);

        // Then the same events are published and everything is counted the same
        assertThat(fast.publisher.events).isNotEmpty().isEqualTo(exact.publisher.events);
        assertThat(fast.publisher.deadLetters).isEqualTo(exact.publisher.deadLetters);
        assertThat(fast.stats).isEqualTo(exact.stats);
        assertThat(fast.stats.records()).isEqualTo(4_000);
        assertThat(fast.registry.get("rootwatch.collector.records").counter().count()).isEqualTo(4_000);
    }

    private record Collected(RecordingPublisher publisher, IngestStats.Snapshot stats, SimpleMeterRegistry registry) {
    }

    private Collected collect(byte[] gzip, dev.rootwatch.common.cloudtrail.RecordPrefilter prefilter) {
        RecordingPublisher publisher = RecordingPublisher.acknowledging();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FileCollector collector = new FileCollector(InputLimits.defaults(), publisher, new CollectorMetrics(registry), clock, prefilter);
        collector.collect("trail.json.gz", () -> (InputStream) new java.io.ByteArrayInputStream(gzip));
        return new Collected(publisher, collector.stats(), registry);
    }

    private static ObjectNode event(String type, String source, String name, String id) {
        ObjectNode event = Json.mapper().createObjectNode();
        event.put("eventVersion", "1.09");
        ObjectNode identity = event.putObject("userIdentity");
        identity.put("type", type);
        identity.put("arn", "arn:aws:iam::111122223333:" + ("Root".equals(type) ? "root" : "user/someone"));
        identity.put("accountId", "111122223333");
        event.put("eventTime", "2026-11-28T11:59:00Z");
        event.put("eventSource", source);
        event.put("eventName", name);
        event.put("awsRegion", "us-east-1");
        event.put("sourceIPAddress", "203.0.113.7");
        event.put("userAgent", "aws-cli/2.15.0");
        event.putObject("requestParameters").put("userName", "someone");
        event.put("eventID", id);
        event.put("recipientAccountId", "111122223333");
        return event;
    }

    private static boolean holdsMarker(JsonNode node) {
        if (node.isTextual()) {
            return RelevanceFilter.PREFILTER.isMarker(node.asText());
        }
        for (JsonNode child : node) {
            if (holdsMarker(child)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        }
        return out.toByteArray();
    }

    @Test
    void everyTrailCallBenignOrWeakeningReachesTheEvaluatorThroughThePrefilter() throws Exception {
        // Given a log file of noise with each trail call, benign and weakening, by an IAM user, once refused
        List<JsonNode> records = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < TRAIL_CALLS.length; i++) {
            records.add(event("AssumedRole", "s3.amazonaws.com", "GetObject", "noise-" + i));
            ObjectNode call = event("IAMUser", TRAIL_CALLS[i][0], TRAIL_CALLS[i][1], "call-" + i);
            call.set("requestParameters", Json.mapper().readTree(TRAIL_CALLS[i][2]));
            records.add(call);
            expected.add("call-" + i);
            ObjectNode refused = call.deepCopy().put("eventID", "refused-" + i).put("errorCode", "AccessDenied");
            records.add(refused);
            expected.add("refused-" + i);
        }
        ObjectNode file = Json.mapper().createObjectNode();
        file.putArray("Records").addAll(records);

        // When it is collected with the prefilter
        Collected fast = collect(gzip(Json.mapper().writeValueAsBytes(file)), RelevanceFilter.PREFILTER);

        // Then every trail call is published, and the noise is not
        assertThat(fast.publisher.events).extracting(dev.rootwatch.common.model.TrailEvent::eventId)
                .containsExactlyElementsOf(expected);
    }

    @Test
    void markersAreTheWordsOfTheRule() {
        assertThat(RelevanceFilter.PREFILTER.isMarker("Root")).isTrue();
        assertThat(RelevanceFilter.PREFILTER.isMarker("DeactivateMFADevice")).isTrue();
        assertThat(RelevanceFilter.PREFILTER.isMarker("root")).isFalse();
        assertThat(RelevanceFilter.PREFILTER.isMarker("ListMFADevices")).isFalse();
        assertThat(dev.rootwatch.common.cloudtrail.BlindingCalls.TRAIL_TAMPERING.eventNames())
                .allSatisfy(name -> assertThat(RelevanceFilter.PREFILTER.isMarker(name)).as(name).isTrue());
        assertThat(dev.rootwatch.common.cloudtrail.BlindingCalls.PIPELINE_TAMPERING.eventNames())
                .allSatisfy(name -> assertThat(RelevanceFilter.PREFILTER.isMarker(name)).as(name).isTrue());
        assertThat(RelevanceFilter.PREFILTER.isMarker("GetEventSelectors")).isFalse();
    }
}
