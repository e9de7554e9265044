package dev.rootwatch.collector.s3;

import java.util.regex.Pattern;

/**
 * What an S3 key in a CloudTrail bucket names, read from the documented layout
 * {@code [prefix/]AWSLogs/[o-orgid/]<account>/<CloudTrail|CloudTrail-Digest|CloudTrail-Insight|other>/...},
 * so digests, Insights files, other services' logs and unwatched accounts are skipped before any
 * download.
 *
 * @param kind           what the key holds
 * @param organizationId the organization of an organization trail, or null
 * @param accountId      the account the key names, or null when the key does not follow the layout
 */
public record TrailKey(Kind kind, String organizationId, String accountId) {

    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern ORGANIZATION = Pattern.compile("o-[a-z0-9]{10,32}");

    /** What a key holds. */
    public enum Kind {
        /** A CloudTrail log file (or a key of unknown layout, which is read to find out). */
        LOG,
        /** An hourly digest file (integrity record, no events). */
        DIGEST,
        /** A CloudTrail Insights file. */
        INSIGHT,
        /** Another service's logs in the same bucket (Config, VPC flow logs, ...). */
        OTHER_SERVICE
    }

    public static TrailKey parse(String key) {
        String[] segments = key.split("/", -1);
        for (int i = 0; i < segments.length - 2; i++) {
            if (!"AWSLogs".equals(segments[i])) {
                continue;
            }
            int accountAt = i + 1;
            String organization = null;
            if (ORGANIZATION.matcher(segments[accountAt]).matches()) {
                organization = segments[accountAt];
                accountAt++;
            }
            if (accountAt + 1 < segments.length && ACCOUNT.matcher(segments[accountAt]).matches()) {
                return new TrailKey(kindOf(segments[accountAt + 1]), organization, segments[accountAt]);
            }
        }
        // not the documented layout (a custom copy, a test object): decide by name, read it to find out
        if (key.contains("CloudTrail-Digest/") || key.contains("_CloudTrail-Digest_")) {
            return new TrailKey(Kind.DIGEST, null, null);
        }
        if (key.contains("CloudTrail-Insight/") || key.contains("_CloudTrail-Insight_")) {
            return new TrailKey(Kind.INSIGHT, null, null);
        }
        return new TrailKey(Kind.LOG, null, null);
    }

    private static Kind kindOf(String service) {
        return switch (service) {
            case "CloudTrail" -> Kind.LOG;
            case "CloudTrail-Digest" -> Kind.DIGEST;
            case "CloudTrail-Insight" -> Kind.INSIGHT;
            default -> Kind.OTHER_SERVICE;
        };
    }
}
