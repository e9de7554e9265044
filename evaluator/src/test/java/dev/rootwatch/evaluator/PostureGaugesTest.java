package dev.rootwatch.evaluator;

import static dev.rootwatch.evaluator.PostureBuilder.compliant;
import static dev.rootwatch.evaluator.PostureBuilder.nonCompliant;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-account root-MFA gauges come from the evaluator's own state, however the posture reached it. */
class PostureGaugesTest {

    @TempDir
    Path stateDir;

    @Test
    void exportsEachAccountsVerdictFromThePostureItHolds() {
        try (EvaluatorDriver driver = new EvaluatorDriver(stateDir)) {
            // Given postures of two accounts on the posture topic (from whichever collector)
            driver.send(nonCompliant().account("111122223333"));
            driver.send(compliant().account("444455556666"));

            // Then each account's status is 1 for its verdict and 0 for the others, lowercase, and the accounts are counted
            assertThat(driver.gauge(PostureGauges.COMPLIANCE, "account_id", "111122223333", "status", "non_compliant")).isEqualTo(1.0);
            assertThat(driver.gauge(PostureGauges.COMPLIANCE, "account_id", "111122223333", "status", "compliant")).isZero();
            assertThat(driver.gauge(PostureGauges.COMPLIANCE, "account_id", "444455556666", "status", "compliant")).isEqualTo(1.0);
            assertThat(driver.gauge(PostureGauges.MFA_ENABLED, "account_id", "111122223333")).isZero();
            assertThat(driver.gauge(PostureGauges.MFA_ENABLED, "account_id", "444455556666")).isEqualTo(1.0);
            assertThat(driver.gauge(PostureGauges.ACCOUNTS, "status", "non_compliant")).isEqualTo(1.0);
            assertThat(driver.gauge(PostureGauges.ACCOUNTS, "status", "unknown")).isZero();

            // When the first account fixes its root MFA, its gauge follows
            driver.send(compliant().account("111122223333"));
            assertThat(driver.gauge(PostureGauges.COMPLIANCE, "account_id", "111122223333", "status", "compliant")).isEqualTo(1.0);
            assertThat(driver.gauge(PostureGauges.ACCOUNTS, "status", "compliant")).isEqualTo(2.0);
        }
    }

    @Test
    void withdrawsTheGaugesOfAnAccountTheCollectorNoLongerReads() {
        try (EvaluatorDriver driver = new EvaluatorDriver(stateDir)) {
            // Given a non-compliant account and a compliant one
            driver.send(nonCompliant().account("111122223333"));
            driver.send(compliant().account("444455556666"));

            // When the collector publishes a tombstone for the first (it left the organization)
            driver.sendPostureTombstone("111122223333");

            // Then its series are gone, so no rule keeps paging on an account nobody reads, and the count follows
            assertThat(driver.gauge(PostureGauges.COMPLIANCE, "account_id", "111122223333", "status", "non_compliant")).isNaN();
            assertThat(driver.gauge(PostureGauges.MFA_ENABLED, "account_id", "111122223333")).isNaN();
            assertThat(driver.gauge(PostureGauges.ACCOUNTS, "status", "non_compliant")).isZero();
            assertThat(driver.gauge(PostureGauges.COMPLIANCE, "account_id", "444455556666", "status", "compliant")).isEqualTo(1.0);
            // and the tombstone was applied, not skipped
            assertThat(driver.count("rootwatch.evaluator.skipped", "reason", "tombstone")).isZero();
        }
    }
}
