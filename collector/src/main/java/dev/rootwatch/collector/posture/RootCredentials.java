package dev.rootwatch.collector.posture;

import java.time.Instant;

/**
 * The {@code <root_account>} row of an IAM credential report. Null where the report does not tell:
 * for root, {@code password_enabled} is usually {@code not_supported}.
 *
 * @param passwordEnabled  {@code password_enabled} as true/false, null for {@code not_supported} or anything else
 * @param mfaActive        {@code mfa_active}
 * @param accessKeysActive how many of {@code access_key_1_active}, {@code access_key_2_active} are true; null where neither column reads true/false
 * @param passwordLastUsed {@code password_last_used} as written (a time, {@code N/A} or {@code no_information})
 * @param generatedAt      when IAM generated the report
 */
record RootCredentials(Boolean passwordEnabled, Boolean mfaActive, Integer accessKeysActive, String passwordLastUsed,
                       Instant generatedAt) {
}
