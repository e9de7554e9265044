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
     * The account's compliance with "the root user must have MFA" (CIS 2.5, Security Hub IAM.9):
     * <ul>
     *   <li>UNKNOWN where the account could not be read;</li>
     *   <li>NOT_APPLICABLE where root has no password and no active access key and the organization
     *       manages root credentials centrally (RootCredentialsManagement): nobody can sign in as root;</li>
     *   <li>COMPLIANT where MFA is enabled;</li>
     *   <li>without MFA, root with no credentials is NON_COMPLIANT when the organization does not use
     *       centralized root access (root can recover a password by email and sign in), and UNKNOWN when
     *       that cannot be read;</li>
     *   <li>UNKNOWN where whether MFA is on is unknown, or root's credentials are unknown under
     *       centralized root access (root may have none at all);</li>
     *   <li>NON_COMPLIANT otherwise.</li>
     * </ul>
     * {@link #complianceReason()} says which case it is.
     */
    public Compliance compliance() {
        return verdict().compliance();
    }

    /** Why {@link #compliance()} is what it is, in one sentence for alerts and logs. */
    public String complianceReason() {
        return verdict().reason();
    }

    private Verdict verdict() {
        if (error != null) {
            return new Verdict(Compliance.UNKNOWN, "the account could not be read: " + error);
        }
        boolean noCredentials = Boolean.FALSE.equals(rootPasswordPresent) && rootAccessKeysActive != null && rootAccessKeysActive == 0;
        if (noCredentials && Boolean.TRUE.equals(centralRootAccess)) {
            return new Verdict(Compliance.NOT_APPLICABLE, "root has no password and no access key, and the organization manages"
                    + " root credentials centrally");
        }
        if (Boolean.TRUE.equals(mfaEnabled)) {
            return new Verdict(Compliance.COMPLIANT, "root MFA is enabled");
        }
        if (noCredentials && centralRootAccess == null) {
            return new Verdict(Compliance.UNKNOWN, "root has no password and no access key, but whether the organization manages"
                    + " root credentials centrally could not be read");
        }
        if (mfaEnabled == null) {
            return new Verdict(Compliance.UNKNOWN, "whether root has MFA could not be read");
        }
        if (noCredentials) {
            return new Verdict(Compliance.NON_COMPLIANT, "root has no MFA; it has no password or access key now, but without"
                    + " centralized root access it can recover a password by email and sign in");
        }
        boolean credentialsUnknown = rootPasswordPresent == null || rootAccessKeysActive == null;
        if (credentialsUnknown && Boolean.TRUE.equals(centralRootAccess)) {
            return new Verdict(Compliance.UNKNOWN, "root has no MFA, and under centralized root access whether it still has"
                    + " credentials could not be read");
        }
        return new Verdict(Compliance.NON_COMPLIANT, "root has no MFA and can sign in");
    }

    /**
     * Whether root's MFA meets CIS 2.6 / Security Hub IAM.6 (AWS Config {@code root-account-hardware-mfa-enabled}):
     * true where root MFA is enabled and no virtual device belongs to root; false where a virtual device
     * does; null where that is not known (MFA off or unknown, root's virtual devices unread, or an error).
     */
    public Boolean hardwareMfaOnly() {
        if (error != null || !Boolean.TRUE.equals(mfaEnabled) || mfaDevices == null) {
            return null;
        }
        return mfaDevices.stream().noneMatch(device -> device.type() == MfaDeviceType.VIRTUAL);
    }

    public List<MfaDevice> devices() {
        return mfaDevices == null ? List.of() : mfaDevices;
    }

    private record Verdict(Compliance compliance, String reason) {
    }

    public boolean listsRootSerial(String serialNumber) {
        return serialNumber != null && devices().stream().anyMatch(d -> serialNumber.equals(d.serialNumber()));
    }
}
