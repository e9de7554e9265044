package dev.rootwatch.common.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rootwatch.common.json.Json;
import dev.rootwatch.common.model.Ingest;
import dev.rootwatch.common.model.IngestSource;
import dev.rootwatch.common.model.Outcome;
import dev.rootwatch.common.model.TrailEvent;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EventNormalizerTest {

    private static final Ingest INGEST = new Ingest(IngestSource.FILE, Instant.parse("2026-11-01T10:05:00Z"), "f.json");

    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    private static TrailEvent normalize(String text) throws Exception {
        return EventNormalizer.normalize(json(text), null, INGEST);
    }

    @ParameterizedTest(name = "MFAUsed \"{0}\" reads as {1}")
    @CsvSource({"Yes,true", "YES,true", "yes,true", "No,false", "NO,false", "maybe,"})
    void readsMfaUsedInAnyCase(String value, Boolean expected) throws Exception {
        TrailEvent e = normalize("""
                {"eventTime":"2026-11-01T10:00:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin",
                 "userIdentity":{"type":"Root","accountId":"111122223333","accessKeyId":""},
                 "responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"MFAUsed":"%s"},"eventID":"x"}
                """.formatted(value));

        assertThat(e.mfaUsed()).isEqualTo(expected);
    }

    @Test
    void readsAFailedRootSignInFromItsResponseAndErrorMessage() throws Exception {
        TrailEvent e = normalize("""
                {"eventVersion":"1.05","userIdentity":{"type":"Root","principalId":"111122223333",
                 "arn":"arn:aws:iam::111122223333:root","accountId":"111122223333","accessKeyId":""},
                 "eventTime":"2022-11-10T16:24:34Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin",
                 "awsRegion":"us-east-1","sourceIPAddress":"192.0.2.0","userAgent":"Mozilla/5.0",
                 "errorMessage":"Failed authentication","requestParameters":null,
                 "responseElements":{"ConsoleLogin":"Failure"},"additionalEventData":{"MFAUsed":"No"},
                 "eventID":"f1","eventType":"AwsConsoleSignIn","recipientAccountId":"111122223333"}
                """);

        assertThat(e.outcome()).isEqualTo(Outcome.FAILURE);
        assertThat(e.errorCode()).isNull();
        assertThat(e.errorMessage()).isEqualTo("Failed authentication");
        assertThat(e.actor().isRoot()).isTrue();
        assertThat(e.actor().accessKeyId()).as("empty access key reads as absent").isNull();
        assertThat(e.target().userName()).isNull();
    }

    @Test
    void readsStringBooleansOfTheSessionContext() throws Exception {
        TrailEvent e = normalize("""
                {"eventTime":"2026-11-01T10:00:00Z","eventSource":"iam.amazonaws.com","eventName":"DeactivateMFADevice",
                 "userIdentity":{"type":"Root","arn":"arn:aws-us-gov:iam::111122223333:root","accountId":"111122223333",
                   "accessKeyId":"ASIAEXAMPLE","sessionContext":{"attributes":{"mfaAuthenticated":"false","creationDate":"x"}}},
                 "requestParameters":{"serialNumber":"arn:aws-us-gov:iam::111122223333:mfa/root-account-mfa-device"},
                 "responseElements":null,"eventID":"d1","recipientAccountId":"111122223333"}
                """);

        assertThat(e.actor().mfaAuthenticated()).isFalse();
        assertThat(e.actor().arn()).startsWith("arn:aws-us-gov:");
        assertThat(e.target().serialNumber()).endsWith(":mfa/root-account-mfa-device");
        assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
    }

    @Test
    void takesTheSerialOfACreatedVirtualDeviceFromTheResponse() throws Exception {
        TrailEvent e = normalize("""
                {"eventTime":"2026-11-01T10:00:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateVirtualMFADevice",
                 "userIdentity":{"type":"Root","accountId":"111122223333"},
                 "requestParameters":{"virtualMFADeviceName":"root-phone","path":"/"},
                 "responseElements":{"virtualMFADevice":{"serialNumber":"arn:aws:iam::111122223333:mfa/root-phone"}},
                 "eventID":"c1"}
                """);

        assertThat(e.target().serialNumber()).isEqualTo("arn:aws:iam::111122223333:mfa/root-phone");
    }

    @Test
    void fallsBackToTheEnvelopeAccountWhenTheEventNamesNone() throws Exception {
        TrailEvent e = EventNormalizer.normalize(json("""
                {"eventTime":"2026-11-01T10:00:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin",
                 "userIdentity":{"type":"Root"},"eventID":"a1"}
                """), "444455556666", INGEST);

        assertThat(e.accountId()).isEqualTo("444455556666");
    }

    @Test
    void refusesAnEventWithoutTimeOrAccount() {
        assertThatThrownBy(() -> normalize("""
                {"eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","userIdentity":{"accountId":"1"}}"""))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("eventTime");
        assertThatThrownBy(() -> normalize("""
                {"eventTime":"yesterday","eventSource":"s","eventName":"n","userIdentity":{"accountId":"1"}}"""))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> normalize("""
                {"eventTime":"2026-11-01T10:00:00Z","eventSource":"s","eventName":"n","userIdentity":{}}"""))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("account");
    }

    @Test
    void givesAnEventWithoutEventIdTheSameSyntheticIdWhateverItsKeyOrder() throws Exception {
        TrailEvent a = normalize("""
                {"eventTime":"2026-11-01T10:00:00Z","eventSource":"sts.amazonaws.com","eventName":"AssumeRoot",
                 "userIdentity":{"type":"AssumedRole","accountId":"111122223333"},"requestParameters":{"targetPrincipal":"2"}}""");
        TrailEvent b = normalize("""
                {"requestParameters":{"targetPrincipal":"2"},"userIdentity":{"accountId":"111122223333","type":"AssumedRole"},
                 "eventName":"AssumeRoot","eventSource":"sts.amazonaws.com","eventTime":"2026-11-01T10:00:00Z"}""");

        assertThat(a.eventId()).startsWith("sha256:").isEqualTo(b.eventId());
    }

    @Test
    void keepsTheRawEvent() throws Exception {
        JsonNode raw = json("""
                {"eventTime":"2026-11-01T10:00:00Z","eventSource":"s","eventName":"n","recipientAccountId":"111122223333","eventID":"r",
                 "sessionCredentialFromConsole":"true"}""");

        assertThat(EventNormalizer.normalize(raw, null, INGEST).raw()).isEqualTo(raw);
    }

    @ParameterizedTest(name = "eventTime {0}")
    @ValueSource(strings = {"+1000000000-12-31T23:59:59.999999999Z", "-1000000000-01-01T00:00:00Z", "1970-01-01T00:00:00Z",
            "2013-10-31T23:59:59Z", "2026-11-02T10:05:01Z", "9999-12-31T23:59:59Z"})
    void refusesAnEventTimeBeforeCloudTrailOrMoreThanADayAhead(String time) {
        // Given an event received at 2026-11-01T10:05:00Z whose time is before November 2013 or after the next day
        String event = """
                {"eventTime":"%s","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin",
                 "recipientAccountId":"111122223333","eventID":"t"}""".formatted(time);

        // When it is normalized, Then it is refused with the rule it broke
        assertThatThrownBy(() -> normalize(event)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("eventTime");
    }

    @Test
    void acceptsTheEdgesOfTheEventTimeRange() throws Exception {
        // Given events at the first accepted instant and exactly one day after the wall clock
        for (String time : new String[] {"2013-11-01T00:00:00Z", "2026-11-02T10:05:00Z"}) {
            TrailEvent e = normalize("""
                    {"eventTime":"%s","eventSource":"s","eventName":"n","recipientAccountId":"111122223333","eventID":"t"}"""
                    .formatted(time));

            assertThat(e.eventTime()).isEqualTo(Instant.parse(time));
        }
    }

    @ParameterizedTest(name = "account id {0}")
    @ValueSource(strings = {"12345", "1111222233334", "\u0661\u0661\u0661\u0661\u0662\u0662\u0662\u0662\u0663\u0663\u0663\u0663",
            "200000000047\\n[FAKE LOG LINE] \\u001b[31mred", "11112222333a", " 11112222333", "\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11\uff11"})
    void refusesAnAccountIdThatIsNotTwelveAsciiDigits(String accountId) {
        // Given a root login whose recipientAccountId is not twelve ASCII digits (JSON escapes decoded by the parser)
        String event = """
                {"eventTime":"2026-11-01T10:00:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin",
                 "userIdentity":{"type":"Root","accountId":"111122223333"},"recipientAccountId":"%s","eventID":"a"}"""
                .formatted(accountId);

        // When it is normalized, Then it is refused (the valid userIdentity.accountId does not stand in for it)
        // and the message does not repeat the attacker's text
        assertThatThrownBy(() -> normalize(event)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("twelve ASCII digits").hasMessageNotContaining("FAKE");
    }

    @Test
    void refusesAnEnvelopeAccountThatIsNotTwelveDigits() {
        assertThatThrownBy(() -> EventNormalizer.normalize(json("""
                {"eventTime":"2026-11-01T10:00:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin",
                 "userIdentity":{"type":"Root"},"eventID":"a1"}
                """), "4444-5555-6666", INGEST)).isInstanceOf(InvalidEventException.class);
    }
}
