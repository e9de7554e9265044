package dev.rootwatch.collector.posture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CredentialReportTest {

    static final Instant GENERATED = Instant.parse("2026-11-01T12:00:00Z");

    private static byte[] report(String... rows) {
        return (FakeAws.REPORT_HEADER + "\n" + String.join("\n", rows) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsTheRootRowInTheRealColumnOrder() {
        // Given a report whose root row has MFA, one active key and the usual not_supported password
        byte[] csv = report(
                "alice,arn:aws:iam::123456789012:user/alice,2024-03-01T10:00:00+00:00,true,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
                "<root_account>,arn:aws:iam::123456789012:root,2019-05-01T09:00:00+00:00,not_supported,2026-10-30T08:15:00+00:00,"
                        + "not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,true,2025-01-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,false,N/A");

        // When the root row is read
        RootCredentials root = CredentialReport.root(csv, GENERATED);

        // Then each column is found by its name
        assertThat(root.passwordEnabled()).as("not_supported is unknown, not false").isNull();
        assertThat(root.mfaActive()).isTrue();
        assertThat(root.accessKeysActive()).isEqualTo(1);
        assertThat(root.passwordLastUsed()).isEqualTo("2026-10-30T08:15:00+00:00");
        assertThat(root.generatedAt()).isEqualTo(GENERATED);
    }

    @Test
    void findsColumnsByNameWhateverTheirOrder() {
        byte[] csv = "mfa_active,password_enabled,user,access_key_2_active,access_key_1_active\nfalse,false,<root_account>,true,true\n"
                .getBytes(StandardCharsets.UTF_8);

        RootCredentials root = CredentialReport.root(csv, GENERATED);

        assertThat(root.passwordEnabled()).isFalse();
        assertThat(root.mfaActive()).isFalse();
        assertThat(root.accessKeysActive()).isEqualTo(2);
    }

    @Test
    void splitsQuotedFieldsHoldingCommasQuotesAndLineBreaks() {
        byte[] csv = "user,note\n\"a,b\",\"say \"\"hi\"\"\"\n\"two\nlines\",\r\n".getBytes(StandardCharsets.UTF_8);

        assertThat(CredentialReport.rows(csv)).containsExactly(List.of("user", "note"), List.of("a,b", "say \"hi\""),
                List.of("two\nlines", ""));
    }

    @Test
    void findsTheRootRowAfterAUserWhoseQuotedFieldHoldsALineBreakThatLooksLikeARootRow() {
        // Given a user row whose quoted field holds a line break followed by text that looks like the root row
        byte[] csv = report(
                "\"mallory\nmal\",arn:aws:iam::123456789012:user/x,2024-03-01T10:00:00+00:00,\"x\n<root_account>,arn,2019,true,N/A,N/A,N/A,false,false\",N/A",
                "<root_account>,arn:aws:iam::123456789012:root,2019-05-01T09:00:00+00:00,not_supported,N/A,"
                        + "not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A");

        // When the root row is read
        RootCredentials root = CredentialReport.root(csv, GENERATED);

        // Then it is the real one: MFA active, no key, not the forged line inside the quoted field
        assertThat(root.mfaActive()).isTrue();
        assertThat(root.accessKeysActive()).isZero();
    }

    @Test
    void rejectsAReportWithoutARootRow() {
        byte[] csv = report("alice,arn:aws:iam::123456789012:user/alice,2024-03-01T10:00:00+00:00,true");

        assertThatThrownBy(() -> CredentialReport.root(csv, GENERATED)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("<root_account>");
    }

    @Test
    void leavesKeysUnknownWhereNeitherColumnTells() {
        byte[] csv = "user,password_enabled\n<root_account>,not_supported\n".getBytes(StandardCharsets.UTF_8);

        assertThat(CredentialReport.root(csv, GENERATED).accessKeysActive()).isNull();
    }
}
