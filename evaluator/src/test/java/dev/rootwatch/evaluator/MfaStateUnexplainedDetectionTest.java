package dev.rootwatch.evaluator;

import static dev.rootwatch.evaluator.PostureBuilder.OBSERVED_AT;
import static dev.rootwatch.evaluator.PostureBuilder.compliant;
import static dev.rootwatch.evaluator.PostureBuilder.nonCompliant;
import static dev.rootwatch.evaluator.TrailEventBuilder.apiCall;
import static dev.rootwatch.evaluator.TrailEventBuilder.deactivateMfaDevice;
import static dev.rootwatch.evaluator.TrailEventBuilder.deleteVirtualMfaDevice;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertStatus;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.Severity;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MfaStateUnexplainedDetectionTest {

    /** The posture that shows MFA gone is observed at minute 0; the one before, two hours earlier. */
    private static final Instant FLIP = OBSERVED_AT.plusSeconds(7200);

    @TempDir
    Path stateDir;

    private EvaluatorDriver driver;

    @BeforeEach
    void startDriver() {
        driver = new EvaluatorDriver(stateDir, TestSettings.only(AlertType.ROOT_MFA_STATE_UNEXPLAINED));
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private static Instant minute(double n) {
        return FLIP.plusSeconds((long) (60 * n));
    }

    private void deactivationAt(double minute) {
        driver.send(deactivateMfaDevice("AWS ROOT USER", PostureBuilder.ROOT_VIRTUAL).byRoot().at(minute(minute)));
    }

    private void flip() {
        driver.send(compliant().at(OBSERVED_AT));
        driver.send(nonCompliant().at(FLIP));
    }

    @Test
    void shouldStayQuietWhenADeactivationEventExplainsTheChange() {
        // Given root's device deactivated ten minutes before posture shows MFA gone
        driver.send(compliant().at(OBSERVED_AT));
        deactivationAt(-10);
        driver.send(nonCompliant().at(FLIP));

        // When the input ends
        driver.endOfInput();

        // Then the change is explained
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void shouldFireForAChangeNoEventExplainsOnceTheGraceHasPassed() {
        // Given posture goes from MFA enabled to disabled with no event about it
        flip();

        // Then nothing yet: a late event may still explain it
        assertThat(driver.alerts()).isEmpty();

        // When the input ends
        driver.endOfInput();

        // Then it fires, fingerprinted by the posture's observation time
        assertThat(driver.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.type()).isEqualTo(AlertType.ROOT_MFA_STATE_UNEXPLAINED);
            assertThat(alert.status()).isEqualTo(AlertStatus.FIRING);
            assertThat(alert.severity()).isEqualTo(Severity.HIGH);
            assertThat(alert.eventTime()).isEqualTo(FLIP);
            assertThat(alert.fingerprint()).isEqualTo(
                    AlertFactory.fingerprint(AlertType.ROOT_MFA_STATE_UNEXPLAINED, TrailEventBuilder.ACCOUNT, FLIP.toString()));
            assertThat(alert.details()).containsEntry("mfaEnabledObservedAt", OBSERVED_AT.toString())
                    .containsEntry("mfaDevicesBefore", 1)
                    .containsEntry("postureCompliance", "NON_COMPLIANT");
        });
    }

    @Test
    void shouldFireWhenTheAccountsEventTimePassesTheGrace() {
        // Given an unexplained change
        flip();

        // When the account's events reach 14 minutes after it, then 15
        driver.send(apiCall("s3.amazonaws.com", "ListBuckets").at(minute(14)));
        assertThat(driver.alerts()).isEmpty();
        driver.send(apiCall("s3.amazonaws.com", "ListBuckets").at(minute(15)));

        // Then it fires without waiting for the end of input
        assertThat(driver.alerts()).extracting(Alert::type).containsExactly(AlertType.ROOT_MFA_STATE_UNEXPLAINED);
    }

    @Test
    void shouldLetALateEventWithinTheGraceExplainTheChange() {
        // Given an unexplained change
        flip();

        // When the deletion of root's device (five minutes before it) arrives afterwards
        driver.send(deleteVirtualMfaDevice(PostureBuilder.ROOT_VIRTUAL).byRoot().at(minute(-5)));
        driver.endOfInput();

        // Then it is explained after all
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void shouldNotCountAnEventOlderThanTheLookback() {
        // Given the only deactivation 61 minutes before the change
        driver.send(compliant().at(OBSERVED_AT));
        deactivationAt(-61);
        driver.send(nonCompliant().at(FLIP));
        driver.endOfInput();

        // Then the change is unexplained
        assertThat(driver.alerts()).hasSize(1);
    }

    @Test
    void shouldSeeAChangeAcrossAnUnreadablePosture() {
        // Given MFA enabled, then an unreadable account, then MFA disabled
        driver.send(compliant().at(OBSERVED_AT));
        driver.send(PostureBuilder.unknown("AccessDenied").at(OBSERVED_AT.plusSeconds(3600)));
        driver.send(nonCompliant().at(FLIP));
        driver.endOfInput();

        // Then the change is still seen
        assertThat(driver.alerts()).hasSize(1);
    }

    @Test
    void shouldIgnoreRootCredentialsBeingRemoved() {
        // Given MFA enabled, then root's credentials removed (centralized root access)
        driver.send(compliant().at(OBSERVED_AT));
        driver.send(PostureBuilder.notApplicable().at(FLIP));
        driver.endOfInput();

        // Then that is no MFA change to explain
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void shouldIgnoreAFirstPostureWithoutMfa() {
        // Given the first posture ever says MFA is disabled
        driver.send(nonCompliant().at(FLIP));
        driver.endOfInput();

        // Then nothing changed that rootwatch saw (ROOT_MFA_DISABLED reports the state)
        assertThat(driver.alerts()).isEmpty();
    }
}
