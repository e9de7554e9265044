package dev.rootwatch.evaluator;

import static dev.rootwatch.evaluator.PostureBuilder.OBSERVED_AT;
import static dev.rootwatch.evaluator.PostureBuilder.compliant;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertStatus;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.MfaDevice;
import dev.rootwatch.common.model.MfaDeviceType;
import dev.rootwatch.common.model.Severity;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HardwareMfaMissingDetectionTest {

    private static final MfaDevice PHONE = new MfaDevice(PostureBuilder.ROOT_VIRTUAL, MfaDeviceType.VIRTUAL);
    private static final MfaDevice TOKEN = new MfaDevice("GAHT12345678", MfaDeviceType.HARDWARE);
    private static final MfaDevice KEY = new MfaDevice("arn:aws:iam::111122223333:u2f/root/key-ABC", MfaDeviceType.PASSKEY);

    @TempDir
    Path stateDir;

    private EvaluatorDriver driver;

    @BeforeEach
    void startDriver() {
        driver = new EvaluatorDriver(stateDir, TestSettings.only(AlertType.ROOT_HARDWARE_MFA_MISSING));
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private static Instant minute(int n) {
        return OBSERVED_AT.plusSeconds(60L * n);
    }

    @Test
    void shouldFireOnceWhileAVirtualDeviceBelongsToRootAndResolveWhenNoneDoes() {
        // Given root MFA is a virtual device
        driver.send(compliant().devices(PHONE).at(minute(0)));

        // Then a LOW state alert fires, mapped to CIS 2.6 / IAM.6
        Alert firing = driver.alerts().get(0);
        assertThat(firing.type()).isEqualTo(AlertType.ROOT_HARDWARE_MFA_MISSING);
        assertThat(firing.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(firing.severity()).isEqualTo(Severity.LOW);
        assertThat(firing.controls()).containsExactly("CIS AWS Foundations v7.0.0 2.6", "Security Hub IAM.6");

        // When the same is observed again, nothing more
        driver.send(compliant().devices(PHONE).at(minute(1)));
        assertThat(driver.alerts()).isEmpty();

        // When a passkey is added beside the virtual device, CIS 2.6 is still not met: nothing either
        driver.send(compliant().devices(PHONE, KEY).at(minute(2)));
        assertThat(driver.alerts()).isEmpty();

        // When root's virtual device is gone and MFA stays on (as the poller reports it: one device IAM cannot type)
        driver.send(compliant().devices(new MfaDevice(null, MfaDeviceType.UNKNOWN)).at(minute(3)));

        // Then the incident resolves with the same fingerprint
        assertThat(driver.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.status()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(alert.fingerprint()).isEqualTo(firing.fingerprint());
            assertThat(alert.details()).containsEntry("mfaDeviceTypes", List.of("UNKNOWN"));
        });
    }

    @Test
    void shouldResolveWhenAHardwareTokenReplacesTheVirtualDevice() {
        driver.send(compliant().devices(PHONE).at(minute(0)));
        driver.send(compliant().devices(TOKEN).at(minute(1)));

        assertThat(driver.alerts()).extracting(Alert::status).containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
    }

    @Test
    void shouldFireWhenAVirtualDeviceSitsBesideHardwareOrADeviceOfUnknownType() {
        driver.send(compliant().devices(PHONE, TOKEN).at(minute(0)));
        driver.send(compliant().account("444455556666").devices(PHONE, new MfaDevice(null, MfaDeviceType.UNKNOWN)).at(minute(0)));

        assertThat(driver.alerts()).extracting(Alert::accountId).containsExactlyInAnyOrder("111122223333", "444455556666");
    }

    @Test
    void shouldNeitherFireNorResolveOnWhatIsNotKnown() {
        // Given nothing open: MFA off (ROOT_MFA_DISABLED's case), an unreadable account, root's virtual devices unread
        driver.send(PostureBuilder.nonCompliant().at(minute(0)));
        driver.send(PostureBuilder.unknown("AccessDenied").at(minute(1)));
        driver.send(compliant().devicesUnknown().at(minute(2)));
        assertThat(driver.alerts()).isEmpty();

        // And an open incident stays open through the same
        driver.send(compliant().devices(PHONE).at(minute(3)));
        assertThat(driver.alerts()).hasSize(1);
        driver.send(PostureBuilder.nonCompliant().at(minute(4)));
        driver.send(PostureBuilder.unknown("Throttling").at(minute(5)));
        driver.send(compliant().devicesUnknown().at(minute(6)));
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void shouldResolveWhenRootCredentialsAreRemovedUnderCentralizedRootAccess() {
        driver.send(compliant().devices(PHONE).at(minute(0)));
        driver.send(PostureBuilder.notApplicable().at(minute(1)));

        assertThat(driver.alerts()).extracting(Alert::status).containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
    }
}
