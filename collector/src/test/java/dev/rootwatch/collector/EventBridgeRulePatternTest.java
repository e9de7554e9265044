package dev.rootwatch.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rootwatch.common.cloudtrail.BlindingCalls;
import dev.rootwatch.common.cloudtrail.CallSet;
import dev.rootwatch.common.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The EventBridge rule pattern users deploy (deploy/eventbridge/rule-pattern.json, shown in docs/iam)
 * delivers every event the relevance filter keeps, read with EventBridge's matching rules for the
 * syntax it uses (exact values, nested fields, {@code $or}).
 */
class EventBridgeRulePatternTest {

    private static final Path PATTERN = Path.of("..", "deploy", "eventbridge", "rule-pattern.json");

    @Test
    void thePatternDeliversEveryCallTheDetectionsRead() throws IOException {
        // Given the deployed pattern and every call the relevance filter keeps from any caller
        JsonNode pattern = Json.mapper().readTree(Files.readString(PATTERN));
        List<ObjectNode> kept = new ArrayList<>();
        List<CallSet> sets = List.of(new CallSet(Map.of("iam.amazonaws.com", RelevanceFilter.MFA_DEVICE_CALLS,
                "sts.amazonaws.com", Set.of("AssumeRoot"))), BlindingCalls.TRAIL_TAMPERING, BlindingCalls.PIPELINE_TAMPERING);
        for (CallSet set : sets) {
            set.bySource().forEach((source, names) -> names.forEach(name -> kept.add(envelope("IAMUser", source, name))));
        }
        // and root's calls to any service, sign-ins included
        kept.add(envelope("Root", "signin.amazonaws.com", "ConsoleLogin"));
        kept.add(envelope("Root", "ec2.amazonaws.com", "RunInstances"));

        // Then each one the filter keeps, the pattern delivers
        for (ObjectNode event : kept) {
            assertThat(RelevanceFilter.isRelevant(event.get("detail"))).as(event.toString()).isTrue();
            assertThat(matches(pattern, event)).as("delivered: " + event.get("detail")).isTrue();
        }
    }

    @Test
    void thePatternLeavesOutOrdinaryCalls() throws IOException {
        JsonNode pattern = Json.mapper().readTree(Files.readString(PATTERN));

        assertThat(matches(pattern, envelope("AssumedRole", "s3.amazonaws.com", "GetObject"))).isFalse();
        assertThat(matches(pattern, envelope("IAMUser", "iam.amazonaws.com", "ListMFADevices"))).isFalse();
        assertThat(matches(pattern, envelope("IAMUser", "kms.amazonaws.com", "Decrypt"))).isFalse();
    }

    /** An EventBridge "AWS API Call via CloudTrail" (or sign-in) envelope of the call. */
    private static ObjectNode envelope(String identityType, String eventSource, String eventName) {
        ObjectNode envelope = Json.mapper().createObjectNode();
        envelope.put("version", "0");
        envelope.put("detail-type", "signin.amazonaws.com".equals(eventSource) ? "AWS Console Sign In via CloudTrail"
                : "AWS API Call via CloudTrail");
        envelope.put("source", "aws." + eventSource.substring(0, eventSource.indexOf('.')));
        envelope.put("account", "111122223333");
        ObjectNode detail = envelope.putObject("detail");
        detail.putObject("userIdentity").put("type", identityType).put("accountId", "111122223333");
        detail.put("eventSource", eventSource);
        detail.put("eventName", eventName);
        detail.put("eventID", "e-" + eventName);
        return envelope;
    }

    /** EventBridge matching for exact-value arrays, nested objects and {@code $or}. */
    private static boolean matches(JsonNode pattern, JsonNode event) {
        Iterator<Map.Entry<String, JsonNode>> fields = pattern.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode wanted = field.getValue();
            boolean ok;
            if ("$or".equals(field.getKey())) {
                ok = false;
                for (JsonNode alternative : wanted) {
                    ok |= matches(alternative, event);
                }
            } else if (wanted.isObject()) {
                ok = event.path(field.getKey()).isObject() && matches(wanted, event.get(field.getKey()));
            } else {
                ok = false;
                for (JsonNode value : wanted) {
                    ok |= value.asText().equals(event.path(field.getKey()).asText(null));
                }
            }
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
