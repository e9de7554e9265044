package dev.rootwatch.common.model;

/**
 * Who made a CloudTrail call, normalized from {@code userIdentity}.
 *
 * @param type             userIdentity.type (Root, IAMUser, AssumedRole, ...)
 * @param arn              the caller's ARN; null where CloudTrail gives none or an empty string
 * @param principalId      userIdentity.principalId
 * @param accessKeyId      the access key of the call; null where empty (sign-in events)
 * @param mfaAuthenticated sessionContext.attributes.mfaAuthenticated read as a boolean; null where absent
 */
public record Actor(String type, String arn, String principalId, String accessKeyId, Boolean mfaAuthenticated) {

    public static final String ROOT = "Root";

    public boolean isRoot() {
        return ROOT.equals(type);
    }
}
