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
import java.util.LinkedHashMap;
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

            // Then the four weakenings and the one after the root sign-in are one CLOUDTRAIL_TAMPERING incident each,
            // the sign-in pages as itself, and nothing else comes (no benign change, no refused call)
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> incidents(rig).size() >= 6
                    && raisedAndLinked(rig));
            Thread.sleep(3_000); // anything more (a second incident, a page for a benign change) would arrive by now
            List<RecordingReceiver.Call> pages = accepted(rig);
            assertThat(incidents(rig).values()).extracting(RecordingReceiver.Call::type, call -> call.eventIds().get(0))
                    .containsExactlyInAnyOrder(
                            tuple("CLOUDTRAIL_TAMPERING", "b1a5e001-0000-4000-8000-000000000001"),
                            tuple("CLOUDTRAIL_TAMPERING", "b1a5e001-0000-4000-8000-000000000002"),
                            tuple("CLOUDTRAIL_TAMPERING", "b1a5e001-0000-4000-8000-000000000003"),
                            tuple("CLOUDTRAIL_TAMPERING", "b1a5e001-0000-4000-8000-000000000004"),
                            tuple("ROOT_CONSOLE_LOGIN_WITHOUT_MFA", "b1a5e001-0000-4000-8000-000000000005"),
                            tuple("CLOUDTRAIL_TAMPERING", "b1a5e001-0000-4000-8000-000000000006"));
            // the four plain weakenings and the sign-in are one call each; the weakening after the sign-in is one call
            // when the sign-in was evaluated first, else two under one fingerprint: HIGH, then raised once the
            // sign-in arrives (SQS delivers the two messages in no set order): an update of the incident, not a new one
            assertThat(pages).filteredOn(call -> !call.eventIds().get(0).endsWith("006")).hasSize(5);
            assertThat(pages).filteredOn(call -> call.eventIds().get(0).endsWith("006")).hasSizeBetween(1, 2);
            assertThat(pages).allMatch(RecordingReceiver.Call::signatureValid);
        }
    }

    private static List<RecordingReceiver.Call> accepted(LiveRig rig) {
        return rig.receiver().calls().stream().filter(RecordingReceiver.Call::accepted).toList();
    }

    /** The last call of each incident (fingerprint), in arrival order. */
    private static Map<String, RecordingReceiver.Call> incidents(LiveRig rig) {
        Map<String, RecordingReceiver.Call> last = new LinkedHashMap<>();
        accepted(rig).forEach(call -> last.put(call.fingerprint(), call));
        return last;
    }

    /** The weakening after the root sign-in stands, last, as CRITICAL and naming the sign-in. */
    private static boolean raisedAndLinked(LiveRig rig) {
        return incidents(rig).values().stream().anyMatch(call -> call.eventIds().contains("b1a5e001-0000-4000-8000-000000000006")
                && call.eventIds().contains("b1a5e001-0000-4000-8000-000000000005") && "CRITICAL".equals(call.severity()));
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
