package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.MfaDevice;
import dev.rootwatch.common.model.MfaDeviceType;
import dev.rootwatch.common.model.Posture;
import java.time.Instant;
import java.util.List;

/** {@code rootwatch.posture/v1} fixtures: compliant by default, with the legacy root virtual device. */
final class PostureBuilder {

    static final String ROOT_VIRTUAL = "arn:aws:iam::" + TrailEventBuilder.ACCOUNT + ":mfa/root-account-mfa-device";
    static final Instant OBSERVED_AT = Instant.parse("2026-11-01T12:00:00Z");

    private String accountId = TrailEventBuilder.ACCOUNT;
    private Instant observedAt = OBSERVED_AT;
    private Boolean mfaEnabled = true;
    private List<MfaDevice> devices = List.of(new MfaDevice(ROOT_VIRTUAL, MfaDeviceType.VIRTUAL));
    private Boolean rootPasswordPresent = true;
    private Integer rootAccessKeysActive = 0;
    private Boolean centralRootAccess = false;
    private String error;

    private PostureBuilder() {
    }

    static PostureBuilder compliant() {
        return new PostureBuilder();
    }

    /** MFA off, root can sign in with its password. */
    static PostureBuilder nonCompliant() {
        return new PostureBuilder().mfaEnabled(false).devices();
    }

    /** Centralized root access removed root's password and keys. */
    static PostureBuilder notApplicable() {
        PostureBuilder b = new PostureBuilder().mfaEnabled(false).devices();
        b.rootPasswordPresent = false;
        b.rootAccessKeysActive = 0;
        b.centralRootAccess = true;
        return b;
    }

    /** The account could not be read. */
    static PostureBuilder unknown(String error) {
        PostureBuilder b = new PostureBuilder();
        b.mfaEnabled = null;
        b.devices = null;
        b.rootPasswordPresent = null;
        b.rootAccessKeysActive = null;
        b.centralRootAccess = null;
        b.error = error;
        return b;
    }

    PostureBuilder account(String value) {
        this.accountId = value;
        return this;
    }

    PostureBuilder at(Instant value) {
        this.observedAt = value;
        return this;
    }

    PostureBuilder mfaEnabled(Boolean value) {
        this.mfaEnabled = value;
        return this;
    }

    PostureBuilder devices(MfaDevice... value) {
        this.devices = List.of(value);
        return this;
    }

    /** Root's devices could not be listed. */
    PostureBuilder devicesUnknown() {
        this.devices = null;
        return this;
    }

    Posture build() {
        return new Posture(Posture.SCHEMA, accountId, observedAt, mfaEnabled, devices, rootPasswordPresent,
                rootAccessKeysActive, centralRootAccess, error);
    }
}
