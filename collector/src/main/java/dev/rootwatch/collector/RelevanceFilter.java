package dev.rootwatch.collector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rootwatch.common.cloudtrail.BlindingCalls;
import dev.rootwatch.common.cloudtrail.RecordPrefilter;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Decides which CloudTrail events rootwatch keeps; everything else is counted and let go.
 * Kept: anything the root user did (sign-ins, credential changes, API calls), every MFA device
 * call whoever made it (root often manages IAM users' devices, and admins can delete root's
 * virtual device), AssumeRoot, and every call of {@link BlindingCalls#TRAIL_TAMPERING} and
 * {@link BlindingCalls#PIPELINE_TAMPERING} (the monitor being blinded), benign or not, succeeded or failed,
 * on any resource: only the evaluator reads the request and the configured resources, and decides.
 * The collector only selects; severity is the evaluator's business.
 */
public final class RelevanceFilter {

    static final Set<String> MFA_DEVICE_CALLS = Set.of(
            "CreateVirtualMFADevice", "EnableMFADevice", "DeactivateMFADevice", "DeleteVirtualMFADevice", "ResyncMFADevice");

    /**
     * Every relevant event holds one of these as the exact value of a string (its
     * {@code userIdentity.type} or its {@code eventName}); the reader skips, unparsed, the records
     * of log files that hold none of them. Derived from the rule below, so the two cannot drift.
     */
    public static final RecordPrefilter PREFILTER = RecordPrefilter.holdingAnyOf(Stream.of(
            Set.of("Root", "AssumeRoot"), MFA_DEVICE_CALLS, BlindingCalls.TRAIL_TAMPERING.eventNames(),
            BlindingCalls.PIPELINE_TAMPERING.eventNames()).flatMap(java.util.Collection::stream).toList());

    private RelevanceFilter() {
    }

    public static boolean isRelevant(JsonNode event) {
        if ("Root".equals(event.path("userIdentity").path("type").asText(null))) {
            return true;
        }
        String source = event.path("eventSource").asText("");
        String name = event.path("eventName").asText("");
        return switch (source) {
            case "iam.amazonaws.com" -> MFA_DEVICE_CALLS.contains(name);
            case "sts.amazonaws.com" -> "AssumeRoot".equals(name);
            default -> BlindingCalls.TRAIL_TAMPERING.contains(source, name)
                    || BlindingCalls.PIPELINE_TAMPERING.contains(source, name);
        };
    }
}
