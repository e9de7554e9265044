package dev.rootwatch.evaluator;

import static dev.rootwatch.evaluator.TrailEventBuilder.ACCOUNT;
import static dev.rootwatch.evaluator.TrailEventBuilder.EVENT_TIME;
import static dev.rootwatch.evaluator.TrailEventBuilder.iamUserConsoleLogin;
import static dev.rootwatch.evaluator.TrailEventBuilder.rootConsoleLogin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertStatus;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.Severity;
import dev.rootwatch.common.model.TrailEvent;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleLoginDetectionTest {

    @TempDir
    Path stateDir;

    private EvaluatorDriver driver;

    @BeforeEach
    void startDriver() {
        driver = new EvaluatorDriver(stateDir);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void shouldRaiseCriticalAlertWhenRootSignsInWithoutMfa() {
        // Given a successful root console sign-in with MFAUsed "No"
        TrailEvent login = rootConsoleLogin().mfaUsed(false).build();

        // When the evaluator reads it
        driver.send(login);

        // Then one critical FIRING alert says so, keyed by the account
        List<TestRecord<String, Alert>> records = driver.alertRecords();
        assertThat(records).hasSize(1);
        assertThat(records.get(0).key()).isEqualTo(ACCOUNT);
        Alert alert = records.get(0).value();
        assertThat(alert.schema()).isEqualTo(Alert.SCHEMA);
        assertThat(alert.type()).isEqualTo(AlertType.ROOT_CONSOLE_LOGIN_WITHOUT_MFA);
        assertThat(alert.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(alert.accountId()).isEqualTo(ACCOUNT);
        assertThat(alert.title()).isEqualTo("Root console sign-in without MFA in account 111122223333");
        assertThat(alert.summary()).isEqualTo("The root user of 111122223333 signed in to the console without MFA"
                + " from 192.0.2.0 at 2022-11-10T16:24:34Z.");
        assertThat(alert.eventIds()).containsExactly(login.eventId());
        assertThat(alert.eventTime()).isEqualTo(EVENT_TIME);
        assertThat(alert.detectedAt()).isEqualTo(EvaluatorDriver.WALL_CLOCK);
        assertThat(alert.actor()).isEqualTo(login.actor());
        assertThat(alert.sourceIp()).isEqualTo("192.0.2.0");
        assertThat(alert.userAgent()).isEqualTo(TrailEventBuilder.BROWSER);
        assertThat(alert.region()).isEqualTo("us-east-1");
        assertThat(alert.controls()).containsExactly("CIS AWS Foundations v7.0.0 2.5", "Security Hub IAM.9");
        assertThat(alert.runbook()).isEqualTo(AlertType.ROOT_CONSOLE_LOGIN_WITHOUT_MFA.runbook());
        assertThat(alert.details()).containsEntry("mfaUsed", false).containsEntry("mfaUse", "not used");
        assertThat(alert.fingerprint()).matches("[0-9a-f]{32}");
    }

    @Test
    void shouldKnowARootSignInByItsEventTypeWhenItsSourceWasRedacted() {
        // Given a root console sign-in without MFA whose eventSource was redacted on its way, eventType AwsConsoleSignIn
        TrailEvent login = TrailEventBuilder.apiCall("redacted", "ConsoleLogin").eventType("AwsConsoleSignIn").mfaUsed(false)
                .build();

        // When the evaluator reads it with every detection on
        driver.send(login);

        // Then it is the sign-in it is, not an ordinary root call
        assertThat(driver.alerts()).extracting(Alert::type).containsExactly(AlertType.ROOT_CONSOLE_LOGIN_WITHOUT_MFA);
    }

    @Test
    void shouldRaiseHighAlertWhenRootSignsInWithMfa() {
        // Given a successful root console sign-in with MFAUsed "Yes"
        String device = "arn:aws:iam::111122223333:mfa/root-account-mfa-device";

        // When the evaluator reads it
        driver.send(rootConsoleLogin().mfaUsed(true).mfaIdentifier(device));

        // Then only the with-MFA sign-in alert fires, at HIGH
        List<Alert> alerts = driver.alerts();
        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.type()).isEqualTo(AlertType.ROOT_CONSOLE_LOGIN);
            assertThat(alert.severity()).isEqualTo(Severity.HIGH);
            assertThat(alert.title()).isEqualTo("Root console sign-in with MFA in account 111122223333");
            assertThat(alert.details()).containsEntry("mfaUsed", true).containsEntry("mfaIdentifier", device);
        });
    }

    @Test
    void shouldTreatUnknownMfaUseAsSignInWithoutMfa() {
        // Given a root sign-in whose record has no MFAUsed at all
        driver.send(rootConsoleLogin().mfaUsed(null));

        // When evaluated, Then it fires as without-MFA and says that MFA use is unknown
        assertThat(driver.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.type()).isEqualTo(AlertType.ROOT_CONSOLE_LOGIN_WITHOUT_MFA);
            assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(alert.summary()).contains("MFA use unknown");
            assertThat(alert.details()).containsEntry("mfaUsed", null).containsEntry("mfaUse", "unknown");
        });
    }

    @Test
    void shouldIgnoreFailedRootSignIn() {
        // Given a failed root sign-in
        driver.send(rootConsoleLogin().mfaUsed(false).failed("Failed authentication"));

        // Then nothing fires
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void shouldIgnoreIamUserSignInWithoutMfa() {
        // Given an IAM user's console sign-in without MFA
        driver.send(iamUserConsoleLogin("alice").mfaUsed(false));

        // Then nothing fires: only root's sign-ins are this detection's business
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void shouldKeepUserAgentOutOfTitleAndSummary() {
        // Given a sign-in whose user agent is attacker-chosen markup
        String hostile = "<script>alert(1)</script> *bold* @here";
        driver.send(rootConsoleLogin().userAgent(hostile));

        // Then the user agent is carried as a field, never in the text a notifier renders as prose
        Alert alert = driver.alerts().get(0);
        assertThat(alert.userAgent()).isEqualTo(hostile);
        assertThat(alert.title()).doesNotContain("script", "@here");
        assertThat(alert.summary()).doesNotContain("script", "@here");
    }

    @Test
    void shouldReportTheAccountsPostureComplianceInDetails() {
        // Given a posture saying root has no MFA, then a root sign-in without MFA
        driver.send(PostureBuilder.nonCompliant());
        driver.alerts();

        // When the sign-in is evaluated
        driver.send(rootConsoleLogin());

        // Then the alert carries the account's current compliance
        assertThat(driver.alerts()).singleElement()
                .satisfies(alert -> assertThat(alert.details()).containsEntry("postureCompliance", "NON_COMPLIANT"));
    }
}
