package dev.rootwatch.collector.posture;

import dev.rootwatch.common.model.MfaDevice;
import dev.rootwatch.common.model.MfaDeviceType;
import dev.rootwatch.common.model.Posture;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AssignmentStatusType;
import software.amazon.awssdk.services.iam.model.ListVirtualMfaDevicesResponse;
import software.amazon.awssdk.services.iam.model.VirtualMFADevice;

/**
 * Reads the root user's posture of one account from IAM:
 * <ul>
 * <li>{@code mfaEnabled}: GetAccountSummary {@code AccountMFAEnabled} (live; the credential report's
 *     {@code mfa_active} only where the summary lacks the key);</li>
 * <li>{@code mfaDevices}: root's virtual devices (ListVirtualMFADevices, Assigned, {@code User.Arn}
 *     ending in {@code :root}); where MFA is on and root has no virtual device, one device of type
 *     UNKNOWN without serial: a hardware TOTP token or a passkey, which IAM's read APIs cannot tell
 *     apart for root; null where the list could not be read;</li>
 * <li>{@code rootPasswordPresent}: GetAccountSummary {@code AccountPasswordPresent} (live), else the
 *     report's {@code password_enabled} when it says true or false (for root it usually says
 *     {@code not_supported}: unknown);</li>
 * <li>{@code rootAccessKeysActive}: 0 where the summary says {@code AccountAccessKeysPresent} 0 (live);
 *     else the report's active keys, unless the report says none while the summary says keys exist
 *     (a key newer than the report, or inactive ones): unknown.</li>
 * </ul>
 * GetAccountSummary failing fails the read (an {@link ApiFailure}); the other calls only leave
 * their facts unknown.
 */
final class RootPostureReader {

    private static final Logger LOGGER = LoggerFactory.getLogger(RootPostureReader.class);

    private final IamClient iam;
    private final ApiCaller api;
    private final CredentialReports reports;
    private final PostureMetrics metrics;
    private final Clock clock;
    private final RepeatFilter problems = new RepeatFilter();

    RootPostureReader(IamClient iam, ApiCaller api, CredentialReports reports, PostureMetrics metrics, Clock clock) {
        this.iam = iam;
        this.api = api;
        this.reports = reports;
        this.metrics = metrics;
        this.clock = clock;
    }

    Posture read(String accountId, AwsCredentialsProvider credentials, Boolean centralRootAccess) {
        AwsRequestOverrideConfiguration overrides = RequestOverrides.of(credentials, metrics.sdkPublisher());
        Map<String, Integer> summary = api.call("GetAccountSummary", accountId,
                () -> iam.getAccountSummary(r -> r.overrideConfiguration(overrides))).summaryMapAsStrings();
        List<MfaDevice> virtual = rootVirtualDevices(accountId, overrides);
        RootCredentials report = reports.root(accountId, overrides);

        Boolean mfaEnabled = flag(summary, "AccountMFAEnabled");
        if (mfaEnabled == null && report != null) {
            mfaEnabled = report.mfaActive();
        }
        Boolean passwordPresent = flag(summary, "AccountPasswordPresent");
        if (passwordPresent == null && report != null) {
            passwordPresent = report.passwordEnabled();
        }
        return new Posture(null, accountId, clock.instant(), mfaEnabled, devices(mfaEnabled, virtual), passwordPresent,
                activeKeys(flag(summary, "AccountAccessKeysPresent"), report), centralRootAccess, null);
    }

    static List<MfaDevice> devices(Boolean mfaEnabled, List<MfaDevice> rootVirtual) {
        if (rootVirtual == null) {
            return Boolean.FALSE.equals(mfaEnabled) ? List.of() : null;
        }
        if (rootVirtual.isEmpty() && Boolean.TRUE.equals(mfaEnabled)) {
            // hardware TOTP or FIDO passkey: GetAccountSummary cannot say which, so rootwatch does not guess
            return List.of(new MfaDevice(null, MfaDeviceType.UNKNOWN));
        }
        return rootVirtual;
    }

    static Integer activeKeys(Boolean keysPresent, RootCredentials report) {
        if (Boolean.FALSE.equals(keysPresent)) {
            return 0;
        }
        Integer reported = report == null ? null : report.accessKeysActive();
        if (reported != null && reported == 0 && Boolean.TRUE.equals(keysPresent)) {
            return null;
        }
        return reported;
    }

    private List<MfaDevice> rootVirtualDevices(String accountId, AwsRequestOverrideConfiguration overrides) {
        List<MfaDevice> devices = new ArrayList<>();
        String marker = null;
        try {
            do {
                String page = marker;
                ListVirtualMfaDevicesResponse response = api.call("ListVirtualMFADevices", accountId,
                        () -> iam.listVirtualMFADevices(r -> r
                                .assignmentStatus(AssignmentStatusType.ASSIGNED)
                                .marker(page)
                                .overrideConfiguration(overrides)));
                for (VirtualMFADevice device : response.virtualMFADevices()) {
                    if (device.user() != null && device.user().arn() != null && device.user().arn().endsWith(":root")) {
                        devices.add(new MfaDevice(device.serialNumber(), MfaDeviceType.VIRTUAL));
                    }
                }
                marker = Boolean.TRUE.equals(response.isTruncated()) ? response.marker() : null;
            } while (marker != null);
            problems.isNew(accountId, null);
        } catch (ApiFailure e) {
            if (problems.isNew(accountId, e.getMessage())) {
                LOGGER.warn("root virtual MFA devices unknown account={} error={}", accountId, e.getMessage());
            }
            return null;
        }
        devices.sort(Comparator.comparing(MfaDevice::serialNumber, Comparator.nullsFirst(Comparator.naturalOrder())));
        return devices;
    }

    /** 1 → true, 0 → false, absent → null. */
    private static Boolean flag(Map<String, Integer> summary, String key) {
        Integer value = summary.get(key);
        return value == null ? null : value > 0;
    }
}
