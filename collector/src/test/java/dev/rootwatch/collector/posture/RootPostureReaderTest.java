package dev.rootwatch.collector.posture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootwatch.common.model.MfaDevice;
import dev.rootwatch.common.model.MfaDeviceType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the reader combines GetAccountSummary, the virtual devices and the credential report. */
class RootPostureReaderTest {

    static final MfaDevice ROOT_VIRTUAL = new MfaDevice("arn:aws:iam::123456789012:mfa/root-account-mfa-device", MfaDeviceType.VIRTUAL);

    private static RootCredentials report(Integer activeKeys) {
        return new RootCredentials(null, true, activeKeys, "N/A", Instant.parse("2026-11-01T12:00:00Z"));
    }

    @Test
    void listsRootsVirtualDevicesAsTheyAre() {
        assertThat(RootPostureReader.devices(true, List.of(ROOT_VIRTUAL))).containsExactly(ROOT_VIRTUAL);
    }

    @Test
    void saysUnknownRatherThanGuessingHardwareOrPasskey() {
        assertThat(RootPostureReader.devices(true, List.of())).containsExactly(new MfaDevice(null, MfaDeviceType.UNKNOWN));
    }

    @Test
    void listsNoDeviceWhereMfaIsOff() {
        assertThat(RootPostureReader.devices(false, List.of())).isEmpty();
        assertThat(RootPostureReader.devices(false, null)).isEmpty();
    }

    @Test
    void leavesDevicesUnknownWhereTheListCouldNotBeRead() {
        assertThat(RootPostureReader.devices(true, null)).isNull();
    }

    @Test
    void trustsTheLiveSummaryWhenItSaysNoKeysExist() {
        assertThat(RootPostureReader.activeKeys(false, report(1))).as("deleted since the report").isZero();
        assertThat(RootPostureReader.activeKeys(false, null)).isZero();
    }

    @Test
    void takesActiveKeysFromTheReport() {
        assertThat(RootPostureReader.activeKeys(true, report(2))).isEqualTo(2);
        assertThat(RootPostureReader.activeKeys(null, report(0))).isZero();
    }

    @Test
    void neverCallsKeysAbsentWhenTheSummarySaysTheyExist() {
        // a key created after the report (up to four hours old) would otherwise read as "no active key"
        assertThat(RootPostureReader.activeKeys(true, report(0))).isNull();
        assertThat(RootPostureReader.activeKeys(true, null)).isNull();
    }
}
