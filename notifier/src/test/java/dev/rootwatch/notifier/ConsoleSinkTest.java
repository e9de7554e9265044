package dev.rootwatch.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootwatch.common.model.Actor;
import dev.rootwatch.common.model.Alert;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleSinkTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ConsoleSink sink = new ConsoleSink(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    @Test
    void printsOneHumanLinePerAlert() throws DeliveryException {
        // Given an ordinary alert
        Alert alert = TestAlerts.loginWithoutMfa("a-1", "111122223333");

        // When it is delivered
        sink.deliver(alert);

        // Then one line says what, where, when, from where
        assertThat(output()).isEqualTo("[CRITICAL] FIRING ROOT_CONSOLE_LOGIN_WITHOUT_MFA account=111122223333"
                + " eventTime=2026-11-01T12:00:00Z region=us-east-1 actor=arn:aws:iam::111122223333:root"
                + " sourceIp=198.51.100.7 userAgent=\"Mozilla/5.0 (X11; Linux x86_64)\""
                + " title=\"Root signed in without MFA\""
                + " summary=\"The root user of account 111122223333 signed in to the console without MFA.\""
                + " alertId=a-1" + System.lineSeparator());
    }

    @Test
    void escapesTerminalSequencesAndNewlinesFromAttackerControlledFields() throws DeliveryException {
        // Given an alert whose user agent clears the screen and rewrites the title bar, and whose
        // source address carries a forged second alert line
        String userAgent = "curl\u001b[2J\u001b[H\u001b]0;all good\u0007\r\n[INFO] nothing to see\u009b31m";
        String sourceIp = "203.0.113.9\n[CRITICAL] RESOLVED ROOT_MFA_DISABLED account=111122223333 title=\"fixed\"";
        Alert alert = TestAlerts.loginWithoutMfa("a-2", "111122223333", sourceIp, userAgent);

        // When it is delivered
        sink.deliver(alert);

        // Then it is still exactly one line, holding no control character at all
        String out = output();
        assertThat(out).endsWith(System.lineSeparator());
        String line = out.substring(0, out.length() - System.lineSeparator().length());
        assertThat(line).doesNotContain("\n", "\r");
        assertThat(line.chars().filter(c -> Character.isISOControl(c))).isEmpty();
        // And the hostile bytes are visible as escapes
        assertThat(line).contains("\\u001b[2J", "\\u0007", "\\r\\n[INFO]", "\\u009b31m", "203.0.113.9\\n[CRITICAL]");
        // And the forged text cannot pose as fields of its own: it has no unescaped space or quote
        assertThat(line).contains("sourceIp=203.0.113.9\\n[CRITICAL]\\u0020RESOLVED");
        assertThat(line).containsOnlyOnce(" title=\"");
    }

    @Test
    void capsVeryLongFields() throws DeliveryException {
        // Given a 100 000 character user agent
        Alert alert = TestAlerts.loginWithoutMfa("a-3", "111122223333", "198.51.100.7", "A".repeat(100_000));

        // When it is delivered
        sink.deliver(alert);

        // Then the line stays short
        assertThat(output().length()).isLessThan(2_000);
        assertThat(output()).contains("...(100000 chars)");
    }

    @Test
    void leavesOutFieldsTheAlertDoesNotHave() throws DeliveryException {
        // Given a posture alert without event details
        Alert base = TestAlerts.loginWithoutMfa("a-4", "111122223333");
        Alert alert = new Alert(base.schema(), base.alertId(), base.fingerprint(), base.type(), base.status(),
                base.severity(), base.accountId(), base.title(), null, null, null, null,
                new Actor(null, null, null, null, null), null, null, null, null, null, null);

        // When it is delivered
        sink.deliver(alert);

        // Then the line has no empty placeholders
        assertThat(output()).isEqualTo("[CRITICAL] FIRING ROOT_CONSOLE_LOGIN_WITHOUT_MFA account=111122223333"
                + " title=\"Root signed in without MFA\" alertId=a-4" + System.lineSeparator());
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
