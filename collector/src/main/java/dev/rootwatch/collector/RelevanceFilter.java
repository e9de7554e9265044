package dev.rootwatch.collector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * Decides which CloudTrail events rootwatch keeps; everything else is counted and let go.
 * Kept: anything the root user did (sign-ins, credential changes, API calls), every MFA device
 * call whoever made it (root often manages IAM users' devices, and admins can delete root's
 * virtual device), AssumeRoot, and StopLogging / DeleteTrail (the monitor being blinded).
 * The collector only selects; severity is the evaluator's business.
 */
public final class RelevanceFilter {

    static final Set<String> MFA_DEVICE_CALLS = Set.of(
            "CreateVirtualMFADevice", "EnableMFADevice", "DeactivateMFADevice", "DeleteVirtualMFADevice", "ResyncMFADevice");
    static final Set<String> TRAIL_TAMPERING = Set.of("StopLogging", "DeleteTrail");

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
            case "cloudtrail.amazonaws.com" -> TRAIL_TAMPERING.contains(name);
            default -> false;
        };
    }
}
