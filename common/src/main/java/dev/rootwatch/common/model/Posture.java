package dev.rootwatch.common.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@code rootwatch.posture/v1}: what IAM says about an account's root user at {@code observedAt}.
 * Fields are null where unknown; {@code error} is set (and the facts null) where the account
 * could not be read.
 */
public record Posture(
        String schema,
        String accountId,
        Instant observedAt,
        Boolean mfaEnabled,
        List<MfaDevice> mfaDevices,
        Boolean rootPasswordPresent,
        Integer rootAccessKeysActive,
        Boolean centralRootAccess,
        String error) {

    public static final String SCHEMA = "rootwatch.posture/v1";

    public Posture {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(observedAt, "observedAt");
        schema = schema == null ? SCHEMA : schema;
        mfaDevices = mfaDevices == null ? null : List.copyOf(mfaDevices);
    }

    /**
     * The account's compliance, as DESIGN.md defines it. Where MFA is off and the credential facts
     * are unknown, the account is NON_COMPLIANT unless centralized root access is on (then root
     * may have no credentials at all, and rootwatch says UNKNOWN rather than cry wolf).
     */
    public Compliance compliance() {
        if (error != null) {
            return Compliance.UNKNOWN;
        }
        if (Boolean.FALSE.equals(rootPasswordPresent) && rootAccessKeysActive != null && rootAccessKeysActive == 0) {
            return Compliance.NOT_APPLICABLE;
        }
        if (mfaEnabled == null) {
            return Compliance.UNKNOWN;
        }
        if (mfaEnabled) {
            return Compliance.COMPLIANT;
        }
        boolean credentialsUnknown = rootPasswordPresent == null || rootAccessKeysActive == null;
        if (credentialsUnknown && Boolean.TRUE.equals(centralRootAccess)) {
            return Compliance.UNKNOWN;
        }
        return Compliance.NON_COMPLIANT;
    }

    public List<MfaDevice> devices() {
        return mfaDevices == null ? List.of() : mfaDevices;
    }

    public boolean listsRootSerial(String serialNumber) {
        return serialNumber != null && devices().stream().anyMatch(d -> serialNumber.equals(d.serialNumber()));
    }
}
