package dev.rootwatch.evaluator;

import static dev.rootwatch.evaluator.TrailEventBuilder.EVENT_TIME;
import static dev.rootwatch.evaluator.TrailEventBuilder.apiCall;
import static dev.rootwatch.evaluator.TrailEventBuilder.deactivateMfaDevice;
import static dev.rootwatch.evaluator.TrailEventBuilder.deleteVirtualMfaDevice;
import static dev.rootwatch.evaluator.TrailEventBuilder.iamUserConsoleLogin;
import static dev.rootwatch.evaluator.TrailEventBuilder.rootConsoleLogin;
import static dev.rootwatch.evaluator.TrailEventBuilder.virtualSerial;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertStatus;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.Severity;
import dev.rootwatch.common.model.TrailEvent;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TakeoverSequenceDetectionTest {

    private static final String ROOT_DEVICE = virtualSerial("root-account-mfa-device");

    @TempDir
    Path stateDir;

    private EvaluatorDriver driver;

    @BeforeEach
    void startDriver() {
        driver = new EvaluatorDriver(stateDir, TestSettings.only(AlertType.ROOT_TAKEOVER_SEQUENCE));
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private static Instant minute(double n) {
        return EVENT_TIME.plusSeconds((long) (60 * n));
    }

    private static TrailEvent loginAt(double minute) {
        return rootConsoleLogin().mfaUsed(true).sourceIp("203.0.113.7").at(minute(minute)).build();
    }

    private static TrailEvent deactivationAt(double minute) {
        return deactivateMfaDevice("AWS ROOT USER", ROOT_DEVICE).byRoot().at(minute(minute)).build();
    }

    @Test
    void shouldFireWhenRootMfaIsDeactivated29MinutesAfterARootSignIn() {
        // Given a root sign-in and, 29 minutes later, root's MFA device deactivated
        TrailEvent login = loginAt(0);
        TrailEvent deactivation = deactivationAt(29);

        // When both arrive in order
        driver.send(login).send(deactivation);

        // Then a critical takeover alert names both, with the sign-in's who and where
        assertThat(driver.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.type()).isEqualTo(AlertType.ROOT_TAKEOVER_SEQUENCE);
            assertThat(alert.status()).isEqualTo(AlertStatus.FIRING);
            assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(alert.eventIds()).containsExactly(login.eventId(), deactivation.eventId());
            assertThat(alert.eventTime()).isEqualTo(minute(29));
            assertThat(alert.sourceIp()).isEqualTo("203.0.113.7");
            assertThat(alert.actor().isRoot()).isTrue();
            assertThat(alert.controls()).contains("Security Hub IAM.9");
            assertThat(alert.details())
                    .containsEntry("removalEventName", "DeactivateMFADevice")
                    .containsEntry("serialNumber", ROOT_DEVICE)
                    .containsEntry("deviceType", "VIRTUAL")
                    .containsEntry("secondsBetween", 29 * 60)
                    .containsEntry("loginMfaUsed", true);
        });
    }

    @Test
    void shouldNotFireWhenTheRemovalComes31MinutesAfterTheSignIn() {
        // Given root's MFA deactivated 31 minutes after a root sign-in
        driver.send(loginAt(0)).send(deactivationAt(31)).endOfInput();

        // Then it is not a sequence
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void shouldFireWhenTheDeactivationArrivesBeforeTheSignIn() {
        // Given the deactivation (minute 10) is delivered before the sign-in (minute 0), within the grace
        TrailEvent login = loginAt(0);
        TrailEvent deactivation = deactivationAt(10);
        driver.send(deactivation);
        assertThat(driver.alerts()).isEmpty();

        // When the sign-in arrives
        driver.send(login);

        // Then the sequence is complete
        assertThat(driver.alerts()).singleElement()
                .satisfies(alert -> assertThat(alert.eventIds()).containsExactly(login.eventId(), deactivation.eventId()));
    }

    @Test
    void shouldNotPairARemovalThatHappenedBeforeTheSignIn() {
        // Given root's MFA removed, then root signs in five minutes later
        driver.send(deactivationAt(0)).send(loginAt(5)).endOfInput();

        // Then that is not "login then removal"
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void shouldFireOncePerSignInWhenTheDeviceIsDeactivatedAndDeleted() {
        // Given the console's way of removing a virtual device: deactivate, then delete
        driver.send(loginAt(0)).send(deactivationAt(3));
        driver.send(deleteVirtualMfaDevice(ROOT_DEVICE).byRoot().at(minute(3.1)));
        driver.endOfInput();

        // Then one takeover incident
        assertThat(driver.alerts()).hasSize(1);
    }

    @Test
    void shouldLetAStragglerSignInWithinTheGraceCompleteTheSequence() {
        // Given the deactivation at minute 20 and the account's event time at minute 34
        driver.send(deactivationAt(20));
        driver.send(apiCall("s3.amazonaws.com", "ListBuckets").at(minute(34)));

        // When a sign-in of minute 0 arrives, 34 minutes behind the account's event time (beyond the grace)
        driver.send(loginAt(0));

        // Then it is not paired
        assertThat(driver.alerts()).isEmpty();

        // When a sign-in of minute 19 arrives 15 minutes behind (within the grace)
        driver.send(loginAt(19));

        // Then that one completes the sequence
        assertThat(driver.alerts()).hasSize(1);
    }

    @Test
    void shouldIgnoreASignInOfAnIamUser() {
        // Given an IAM user signs in and root's MFA is deactivated
        driver.send(iamUserConsoleLogin("alice").at(minute(0))).send(deactivationAt(5));

        // Then there is no root sign-in to pair
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void shouldIgnoreRootDeactivatingAnIamUsersDevice() {
        // Given root signs in, then deactivates IAM user alice's device
        driver.send(loginAt(0));
        driver.send(deactivateMfaDevice("alice", virtualSerial("alice")).byRoot().at(minute(5)));

        // Then root's own MFA is untouched
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void shouldGiveEachSignInItsOwnIncident() {
        // Given two root sign-ins, each followed by a removal within 30 minutes
        driver.send(loginAt(0)).send(deactivationAt(5));
        driver.send(loginAt(60)).send(deactivationAt(70));

        // Then two incidents with their own fingerprints
        assertThat(driver.alerts()).extracting(Alert::fingerprint).doesNotHaveDuplicates().hasSize(2);
    }
}
