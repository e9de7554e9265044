package dev.rootwatch.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rootwatch.common.json.Json;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 live: the packaged jar ({@code rootwatch run}) reads the trail changes of
 * {@code blinding/trail-changes.json} as EventBridge delivers them through SQS (ElasticMQ) and pages a
 * signed webhook: one page per weakening, the one after a root sign-in without MFA linked to it, and
 * nothing for benign changes or refused attempts.
 */
class LiveTamperingIT {

    /** EventBridge's detail-type and source per CloudTrail event source. */
    private static final Map<String, List<String>> ENVELOPES = Map.of(
            "signin.amazonaws.com", List.of("AWS Console Sign In via CloudTrail", "aws.signin"),
            "cloudtrail.amazonaws.com", List.of("AWS API Call via CloudTrail", "aws.cloudtrail"),
            "organizations.amazonaws.com", List.of("AWS API Call via CloudTrail", "aws.organizations"));

    @TempDir
    Path dir;

    @Test
    void shouldPageOnceForEachWeakeningDeliveredThroughEventBridge() throws Exception {
        try (LiveRig rig = new LiveRig(dir, "", "CLOUDTRAIL_TAMPERING, ROOT_CONSOLE_LOGIN_WITHOUT_MFA")) {
            // Given rootwatch run, ready
            rig.start();
            rig.awaitReady(Duration.ofMinutes(2));

            // When the trail changes arrive one message each, as an EventBridge rule on the documented pattern sends them
            for (JsonNode record : records()) {
                rig.sqs().send(rig.queue(), eventBridge(record).toString());
            }

            // Then the four weakenings and the one after the root sign-in page as CLOUDTRAIL_TAMPERING, the sign-in as itself
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> rig.receiver().calls().stream().filter(RecordingReceiver.Call::accepted).count() >= 6);
            Thread.sleep(3_000); // anything more (a second page, a page for a benign change) would arrive by now
            List<RecordingReceiver.Call> pages = rig.receiver().calls().stream().filter(RecordingReceiver.Call::accepted).toList();
            assertThat(pages).extracting(RecordingReceiver.Call::type, call -> call.eventIds().get(0)).containsExactlyInAnyOrder(
                    tuple("CLOUDTRAIL_TAMPERING", "b1a5e001-0000-4000-8000-000000000001"),
                    tuple("CLOUDTRAIL_TAMPERING", "b1a5e001-0000-4000-8000-000000000002"),
                    tuple("CLOUDTRAIL_TAMPERING", "b1a5e001-0000-4000-8000-000000000003"),
                    tuple("CLOUDTRAIL_TAMPERING", "b1a5e001-0000-4000-8000-000000000004"),
                    tuple("ROOT_CONSOLE_LOGIN_WITHOUT_MFA", "b1a5e001-0000-4000-8000-000000000005"),
                    tuple("CLOUDTRAIL_TAMPERING", "b1a5e001-0000-4000-8000-000000000006"));
            assertThat(pages).filteredOn(call -> call.eventIds().get(0).endsWith("006")).singleElement()
                    .satisfies(call -> assertThat(call.eventIds()).contains("b1a5e001-0000-4000-8000-000000000005"));
            assertThat(pages).allMatch(RecordingReceiver.Call::signatureValid);
        }
    }

    private static JsonNode records() throws Exception {
        try (InputStream in = LiveTamperingIT.class.getResourceAsStream("/blinding/trail-changes.json")) {
            return Json.mapper().readTree(in).get("Records");
        }
    }

    private static ObjectNode eventBridge(JsonNode record) {
        String account = record.get("recipientAccountId").asText();
        List<String> envelope = ENVELOPES.get(record.get("eventSource").asText());
        ObjectNode event = Json.mapper().createObjectNode();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", envelope.get(0));
        event.put("source", envelope.get(1));
        event.put("account", account);
        event.put("time", record.get("eventTime").asText());
        event.put("region", record.get("awsRegion").asText());
        event.putArray("resources");
        event.set("detail", record);
        return event;
    }
}
