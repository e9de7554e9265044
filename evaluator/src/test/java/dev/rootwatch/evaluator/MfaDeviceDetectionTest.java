package dev.rootwatch.evaluator;

import static dev.rootwatch.evaluator.TrailEventBuilder.deactivateMfaDevice;
import static dev.rootwatch.evaluator.TrailEventBuilder.deleteVirtualMfaDevice;
import static dev.rootwatch.evaluator.TrailEventBuilder.enableMfaDevice;
import static dev.rootwatch.evaluator.TrailEventBuilder.virtualSerial;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.MfaDevice;
import dev.rootwatch.common.model.MfaDeviceType;
import dev.rootwatch.common.model.Severity;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MfaDeviceDetectionTest {

    private static final String ROOT_LEGACY = virtualSerial("root-account-mfa-device");
    private static final String CUSTOM = virtualSerial("ops-phone");

    @TempDir
    Path stateDir;

    private EvaluatorDriver driver;

    @BeforeEach
    void startDriver() {
        // the device detections alone: root's calls also count as ROOT_ACTIVITY, enabling one as ROOT_MFA_DEVICE_ENABLED
        driver = new EvaluatorDriver(stateDir,
                TestSettings.only(AlertType.ROOT_MFA_DEVICE_DEACTIVATED, AlertType.ROOT_MFA_DEVICE_DELETED));
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void shouldFlagRootDeactivatingRootAccountMfaDevice() {
        // Given root deactivates the legacy root virtual device
        driver.send(deactivateMfaDevice("AWS ROOT USER", ROOT_LEGACY).byRoot());

        // Then a critical ROOT_MFA_DEVICE_DEACTIVATED fires
        assertThat(driver.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.type()).isEqualTo(AlertType.ROOT_MFA_DEVICE_DEACTIVATED);
            assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(alert.title()).isEqualTo("Root MFA device deactivated in account 111122223333");
            assertThat(alert.details())
                    .containsEntry("serialNumber", ROOT_LEGACY)
                    .containsEntry("deviceType", "VIRTUAL")
                    .containsEntry("matchedBy", "root-serial-name");
        });
    }

    @Test
    void shouldIgnoreRootDeactivatingIamUsersDevice() {
        // Given root deactivates IAM user1's device (the real 2018 sample)
        driver.send(deactivateMfaDevice("user1", virtualSerial("user1")).byRoot());

        // Then nothing fires: root manages users' MFA all the time
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void shouldFlagRootDeactivationNamingNoUserOfCustomSerial() {
        // Given root deactivates a custom-named device without naming a user (the API defaults to the caller)
        driver.send(deactivateMfaDevice(null, CUSTOM).byRoot());

        // Then the device is root's and the deactivation fires
        assertThat(driver.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.type()).isEqualTo(AlertType.ROOT_MFA_DEVICE_DEACTIVATED);
            assertThat(alert.details()).containsEntry("matchedBy", "caller-is-root")
                    .containsEntry("targetUserName", null);
        });
    }

    @Test
    void shouldIgnoreIamUserDeactivatingOwnDeviceWithoutUserName() {
        // Given an IAM user deactivates a custom-named device without naming a user (their own)
        driver.send(deactivateMfaDevice(null, CUSTOM).byIamUser("alice"));

        // Then nothing fires
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void shouldIgnoreFailedDeactivationOfRootDevice() {
        // Given a deactivation of root's device that IAM refused
        driver.send(deactivateMfaDevice("AWS ROOT USER", ROOT_LEGACY).failed("Access denied"));

        // Then nothing fires
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void shouldFlagDeletionOfCustomSerialThatPostureListsForRoot() {
        // Given the latest posture lists a custom-named virtual device for root
        driver.send(PostureBuilder.compliant().devices(new MfaDevice(CUSTOM, MfaDeviceType.VIRTUAL)));

        // When an IAM admin deletes that virtual device
        driver.send(deleteVirtualMfaDevice(CUSTOM).byIamUser("admin"));

        // Then ROOT_MFA_DEVICE_DELETED fires at HIGH, naming the admin
        assertThat(driver.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.type()).isEqualTo(AlertType.ROOT_MFA_DEVICE_DELETED);
            assertThat(alert.severity()).isEqualTo(Severity.HIGH);
            assertThat(alert.summary()).contains("arn:aws:iam::111122223333:user/admin");
            assertThat(alert.details()).containsEntry("serialNumber", CUSTOM)
                    .containsEntry("matchedBy", "known-root-serial");
        });
    }

    @Test
    void shouldIgnoreDeletionOfSerialThatPostureDoesNotList() {
        // Given the latest posture lists only the legacy root device
        driver.send(PostureBuilder.compliant());

        // When an IAM admin deletes some other custom-named virtual device
        driver.send(deleteVirtualMfaDevice(virtualSerial("build-robot")).byIamUser("admin"));

        // Then nothing fires
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void shouldIgnoreRootDeletingIamUsersVirtualDevice() {
        // Given root deletes user1's virtual device (the real 2018 sample: no user name in the request)
        driver.send(deleteVirtualMfaDevice(virtualSerial("user1")).byRoot());

        // Then nothing fires: DeleteVirtualMFADevice never names a user, so the caller says nothing
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void shouldFlagDeletionOfSerialEarlierDeactivatedAsRoots() {
        // Given root deactivated a custom-named device of its own (no user named)
        driver.send(deactivateMfaDevice(null, CUSTOM).byRoot());

        // When that device is deleted later
        driver.send(deleteVirtualMfaDevice(CUSTOM).byRoot());

        // Then both the deactivation and the deletion fire
        List<Alert> alerts = driver.alerts();
        assertThat(alerts).extracting(Alert::type)
                .containsExactly(AlertType.ROOT_MFA_DEVICE_DEACTIVATED, AlertType.ROOT_MFA_DEVICE_DELETED);
        assertThat(alerts.get(1).details()).containsEntry("matchedBy", "known-root-serial");
    }

    @Test
    void shouldRememberSerialsOfEarlierPosturesAfterTheyDisappear() {
        // Given one posture listed a custom device for root, and a later one (after deactivation) lists none
        driver.send(PostureBuilder.compliant().devices(new MfaDevice(CUSTOM, MfaDeviceType.VIRTUAL)));
        driver.send(PostureBuilder.nonCompliant().at(PostureBuilder.OBSERVED_AT.plusSeconds(60)));
        driver.alerts();

        // When the device is deleted
        driver.send(deleteVirtualMfaDevice(CUSTOM).byIamUser("admin"));

        // Then the deletion is still recognized as root's
        assertThat(driver.alerts()).extracting(Alert::type).containsExactly(AlertType.ROOT_MFA_DEVICE_DELETED);
    }

    @Test
    void shouldFlagDeletionOfRootDeviceEnabledEarlier() {
        // Given root enabled a custom-named device through the console ("AWS ROOT USER")
        driver.send(enableMfaDevice("AWS ROOT USER", CUSTOM).byRoot());

        // When an IAM admin deletes it
        driver.send(deleteVirtualMfaDevice(CUSTOM).byIamUser("admin"));

        // Then the deletion fires
        assertThat(driver.alerts()).extracting(Alert::type).containsExactly(AlertType.ROOT_MFA_DEVICE_DELETED);
    }

    @Test
    void shouldFlagRootDeviceInGovCloudPartition() {
        // Given a deletion of the legacy root device in the aws-us-gov partition
        String govSerial = "arn:aws-us-gov:iam::111122223333:mfa/root-account-mfa-device";

        // When root deletes it
        driver.send(deleteVirtualMfaDevice(govSerial).byRoot().partition("aws-us-gov").region("us-gov-west-1"));

        // Then it is root's by its name
        assertThat(driver.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.type()).isEqualTo(AlertType.ROOT_MFA_DEVICE_DELETED);
            assertThat(alert.region()).isEqualTo("us-gov-west-1");
            assertThat(alert.details()).containsEntry("matchedBy", "root-serial-name");
        });
    }
}
