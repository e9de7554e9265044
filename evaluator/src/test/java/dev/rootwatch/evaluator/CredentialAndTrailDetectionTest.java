package dev.rootwatch.evaluator;

import static dev.rootwatch.evaluator.TrailEventBuilder.apiCall;
import static dev.rootwatch.evaluator.TrailEventBuilder.enableMfaDevice;
import static dev.rootwatch.evaluator.TrailEventBuilder.signInEvent;
import static dev.rootwatch.evaluator.TrailEventBuilder.trailCall;
import static dev.rootwatch.evaluator.TrailEventBuilder.virtualSerial;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.Severity;
import dev.rootwatch.common.model.TrailEvent;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ROOT_CREDENTIAL_CHANGE, ROOT_MFA_DEVICE_ENABLED and CLOUDTRAIL_TAMPERING: one alert per event. */
class CredentialAndTrailDetectionTest {

    @TempDir
    Path stateDir;

    private EvaluatorDriver driver;

    @BeforeEach
    void startDriver() {
        driver = new EvaluatorDriver(stateDir, TestSettings.only(AlertType.ROOT_CREDENTIAL_CHANGE,
                AlertType.ROOT_MFA_DEVICE_ENABLED, AlertType.CLOUDTRAIL_TAMPERING));
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private List<AlertType> types() {
        return driver.alerts().stream().map(Alert::type).toList();
    }

    @Test
    void shouldFlagRootPasswordUpdatedAndRecovered() {
        // Given root changes its password, and later recovers it
        TrailEvent updated = signInEvent("PasswordUpdated").build();
        driver.send(updated);
        driver.send(signInEvent("PasswordRecoveryCompleted"));

        // Then both are credential changes, HIGH, each with its event
        List<Alert> alerts = driver.alerts();
        assertThat(alerts).extracting(Alert::type).containsOnly(AlertType.ROOT_CREDENTIAL_CHANGE).hasSize(2);
        assertThat(alerts.get(0).severity()).isEqualTo(Severity.HIGH);
        assertThat(alerts.get(0).eventIds()).containsExactly(updated.eventId());
        assertThat(alerts.get(0).details()).containsEntry("change", "PASSWORD_UPDATED");
        assertThat(alerts.get(1).details()).containsEntry("change", "PASSWORD_RECOVERED");
    }

    @Test
    void shouldFlagAnAccessKeyCreatedForRootItself() {
        // Given root creates an access key without naming a user
        driver.send(apiCall("iam.amazonaws.com", "CreateAccessKey").createdAccessKey("AKIAROOTKEYEXAMPLE01"));

        // Then the key id travels with the alert
        assertThat(driver.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.type()).isEqualTo(AlertType.ROOT_CREDENTIAL_CHANGE);
            assertThat(alert.details()).containsEntry("change", "ACCESS_KEY_CREATED")
                    .containsEntry("createdAccessKeyId", "AKIAROOTKEYEXAMPLE01");
        });
    }

    @Test
    void shouldNotFlagAKeyRootCreatesForAnIamUser() {
        // Given root creates an access key for IAM user bob
        driver.send(apiCall("iam.amazonaws.com", "CreateAccessKey").target("bob", null));

        // Then root's own credentials did not change
        assertThat(types()).isEmpty();
    }

    @Test
    void shouldFlagALoginProfileCreatedForRootUnderAssumeRoot() {
        // Given an AssumeRoot session (Root identity) creates a login profile naming no user
        driver.send(apiCall("iam.amazonaws.com", "CreateLoginProfile").accessKey("ASIAASSUMEROOT000001"));

        // Then root got a password back
        assertThat(driver.alerts()).singleElement()
                .satisfies(alert -> assertThat(alert.details()).containsEntry("change", "LOGIN_PROFILE_CREATED"));
    }

    @Test
    void shouldIgnoreAPasswordUpdateOfAnIamUserAndAFailedOne() {
        driver.send(signInEvent("PasswordUpdated").byIamUser("alice"));
        driver.send(signInEvent("PasswordUpdated").failed("Failed"));

        assertThat(types()).isEmpty();
    }

    @Test
    void shouldReportRootEnablingItsOwnMfaDevice() {
        // Given root enables a device through the console ("AWS ROOT USER")
        String serial = virtualSerial("root-phone");
        driver.send(enableMfaDevice("AWS ROOT USER", serial).byRoot());

        // Then an INFO alert names the device
        assertThat(driver.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.type()).isEqualTo(AlertType.ROOT_MFA_DEVICE_ENABLED);
            assertThat(alert.severity()).isEqualTo(Severity.INFO);
            assertThat(alert.details()).containsEntry("serialNumber", serial).containsEntry("deviceType", "VIRTUAL")
                    .containsEntry("matchedBy", "root-user-name");
        });
    }

    @Test
    void shouldNotReportRootEnablingAnIamUsersDevice() {
        driver.send(enableMfaDevice("alice", virtualSerial("alice")).byRoot());

        assertThat(types()).isEmpty();
    }

    @Test
    void shouldFlagStopLoggingAndDeleteTrailByAnyone() {
        // Given an IAM user stops logging and root deletes a trail
        driver.send(trailCall("StopLogging", "management-events").byIamUser("mallory").region("eu-west-1"));
        driver.send(trailCall("DeleteTrail", "arn:aws:cloudtrail:us-east-1:111122223333:trail/org"));

        // Then both are tampering
        List<Alert> alerts = driver.alerts();
        assertThat(alerts).extracting(Alert::type).containsOnly(AlertType.CLOUDTRAIL_TAMPERING).hasSize(2);
        assertThat(alerts.get(0).title()).isEqualTo("CloudTrail logging stopped in account 111122223333");
        assertThat(alerts.get(0).actor().arn()).isEqualTo("arn:aws:iam::111122223333:user/mallory");
        assertThat(alerts.get(0).region()).isEqualTo("eu-west-1");
        assertThat(alerts.get(0).details()).containsEntry("trail", "management-events")
                .containsEntry("actorType", "IAMUser");
        assertThat(alerts.get(1).title()).isEqualTo("CloudTrail trail deleted in account 111122223333");
    }

    @Test
    void shouldIgnoreAFailedStopLogging() {
        driver.send(trailCall("StopLogging", "org").byIamUser("mallory").failed("not master trail"));

        assertThat(types()).isEmpty();
    }
}
