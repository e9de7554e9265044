package dev.rootwatch.collector.posture;

import java.util.Objects;

/**
 * Who rootwatch's own credentials belong to (sts:GetCallerIdentity): that account is read with
 * them directly, every other one through the member role.
 *
 * @param accountId the 12-digit account id
 * @param partition {@code aws}, {@code aws-us-gov} or {@code aws-cn}, from the caller's ARN
 */
record CallerIdentity(String accountId, String partition) {

    CallerIdentity {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(partition, "partition");
    }

    static CallerIdentity of(String accountId, String arn) {
        String[] parts = arn == null ? new String[0] : arn.split(":", 3);
        return new CallerIdentity(accountId, parts.length > 1 && !parts[1].isEmpty() ? parts[1] : "aws");
    }

    String roleArn(String accountId, String roleName) {
        return "arn:" + partition + ":iam::" + accountId + ":role/" + roleName;
    }
}
