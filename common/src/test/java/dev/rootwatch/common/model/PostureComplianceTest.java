package dev.rootwatch.common.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostureComplianceTest {

    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");
    private static final MfaDevice VIRTUAL = new MfaDevice("arn:aws:iam::111122223333:mfa/root-account-mfa-device", MfaDeviceType.VIRTUAL);
    private static final MfaDevice UNTYPED = new MfaDevice(null, MfaDeviceType.UNKNOWN);

    @ParameterizedTest(name = "mfa={0} password={1} keys={2} centralRootAccess={3} -> {4}")
    @CsvSource(nullValues = "null", textBlock = """
            true,  true,  0,    false, COMPLIANT
            true,  false, 0,    null,  COMPLIANT
            false, true,  0,    false, NON_COMPLIANT
            false, true,  1,    true,  NON_COMPLIANT
            false, false, 0,    true,  NOT_APPLICABLE
            true,  false, 0,    true,  NOT_APPLICABLE
            false, false, 0,    false, NON_COMPLIANT
            false, false, 0,    null,  UNKNOWN
            null,  true,  0,    false, UNKNOWN
            false, null,  null, true,  UNKNOWN
            false, null,  null, false, NON_COMPLIANT
            """)
    void decidesComplianceAsCisAndCentralizedRootAccessSay(Boolean mfa, Boolean password, Integer keys, Boolean central,
                                                           Compliance expected) {
        Posture posture = new Posture(null, "111122223333", AT, mfa, List.of(), password, keys, central, null);

        assertThat(posture.compliance()).isEqualTo(expected);
        assertThat(posture.complianceReason()).isNotBlank();
    }

    @Test
    void saysWhyARootWithoutCredentialsOutsideCentralizedRootAccessIsNonCompliant() {
        // Given a member account whose root has no password and no key, in an organization without RootCredentialsManagement
        Posture posture = new Posture(null, "111122223333", AT, false, List.of(), false, 0, false, null);

        // Then it is non-compliant, and the reason says root can recover a password
        assertThat(posture.compliance()).isEqualTo(Compliance.NON_COMPLIANT);
        assertThat(posture.complianceReason()).contains("can recover a password");
    }

    @Test
    void anUnreadableAccountIsUnknownWithItsError() {
        Posture posture = new Posture(null, "111122223333", AT, null, null, null, null, null, "AccessDenied: not authorized");

        assertThat(posture.compliance()).isEqualTo(Compliance.UNKNOWN);
        assertThat(posture.complianceReason()).contains("AccessDenied");
        assertThat(posture.hardwareMfaOnly()).isNull();
    }

    @Test
    void hardwareMfaMeansMfaOnAndNoVirtualDeviceOfRoot() {
        assertThat(withDevices(true, List.of(VIRTUAL)).hardwareMfaOnly()).isFalse();
        assertThat(withDevices(true, List.of(VIRTUAL, UNTYPED)).hardwareMfaOnly()).isFalse();
        assertThat(withDevices(true, List.of(UNTYPED)).hardwareMfaOnly()).isTrue();
        // root's devices unread, or MFA off: not known
        assertThat(withDevices(true, null).hardwareMfaOnly()).isNull();
        assertThat(withDevices(false, List.of()).hardwareMfaOnly()).isNull();
    }

    private static Posture withDevices(boolean mfa, List<MfaDevice> devices) {
        return new Posture(null, "111122223333", AT, mfa, devices, true, 0, false, null);
    }
}
