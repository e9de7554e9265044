package dev.rootwatch.collector.posture;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rootwatch.common.config.PostureSettings;
import dev.rootwatch.common.json.Json;
import dev.rootwatch.common.model.Compliance;
import dev.rootwatch.common.model.MfaDevice;
import dev.rootwatch.common.model.MfaDeviceType;
import dev.rootwatch.common.model.Posture;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The poller against IAM, STS and Organizations stubbed in WireMock, through the real SDK clients
 * and rootwatch's Organizations client. Accounts are told apart by the access key of their
 * assumed-role session.
 */
class PosturePollerIT {

    static final String VIRTUAL = "222222222222";
    static final String HARDWARE = "333333333333";
    static final String NO_MFA = "444444444444";
    static final String ROOTLESS = "555555555555";
    static final String DENIED = "666666666666";
    static final String SUSPENDED = "777777777777";

    FakeAws aws;
    RecordingPublisher published;
    PollerFixture fixture;

    @BeforeEach
    void stubTheOrganization() {
        aws = new FakeAws();
        published = new RecordingPublisher();
        aws.callerIdentity(FakeAws.MANAGEMENT);
        aws.organization(List.of(FakeAws.MANAGEMENT, VIRTUAL, HARDWARE, NO_MFA, ROOTLESS, DENIED), List.of(SUSPENDED));
        aws.organizationsFeatures(true);
        for (String member : List.of(VIRTUAL, HARDWARE, NO_MFA, ROOTLESS)) {
            aws.memberRole(member);
        }
        aws.memberRoleDenied(DENIED);
        aws.account(FakeAws.MANAGEMENT).summary(1, 1, 0).virtualDevices(true).report("not_supported", "true", false, false);
        aws.account(VIRTUAL).summary(1, 1, 0).virtualDevices(true).report("not_supported", "true", false, false);
        aws.account(HARDWARE).summary(1, 1, 0).virtualDevices(false).report("not_supported", "true", false, false);
        aws.account(NO_MFA).summary(0, 1, 0).virtualDevices(false).report("not_supported", "false", false, false);
        aws.account(ROOTLESS).summary(0, 0, 0).virtualDevices(false).report("not_supported", "false", false, false);
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
        aws.close();
    }

    private PollerFixture poller(Map<String, String> settings) {
        fixture = new PollerFixture(aws, settings, published);
        return fixture;
    }

    @Test
    void sweepsEveryActiveAccountOfTheOrganizationAndTellsTheirCompliance() {
        // Given an organization of six active accounts and one suspended
        PollerFixture f = poller(Map.of());

        // When the poller sweeps it
        SweepResult result = f.poller.sweep();

        // Then every active account is read and published once, the suspended one is not
        assertThat(result.accounts()).isEqualTo(6);
        assertThat(published.postures).extracting(Posture::accountId)
                .containsExactlyInAnyOrder(FakeAws.MANAGEMENT, VIRTUAL, HARDWARE, NO_MFA, ROOTLESS, DENIED);
        aws.server().verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("777777777777%3Arole")));

        // and a virtual root device makes the account compliant with a VIRTUAL device
        Posture virtual = published.of(VIRTUAL).get(0);
        assertThat(virtual.compliance()).isEqualTo(Compliance.COMPLIANT);
        assertThat(virtual.mfaDevices()).containsExactly(
                new MfaDevice("arn:aws:iam::" + VIRTUAL + ":mfa/root-account-mfa-device", MfaDeviceType.VIRTUAL));
        assertThat(virtual.rootPasswordPresent()).isTrue();
        assertThat(virtual.rootAccessKeysActive()).isZero();
        assertThat(virtual.centralRootAccess()).isTrue();

        // and MFA on without a virtual root device is a non-virtual device whose kind IAM does not tell
        Posture hardware = published.of(HARDWARE).get(0);
        assertThat(hardware.compliance()).isEqualTo(Compliance.COMPLIANT);
        assertThat(hardware.mfaDevices()).containsExactly(new MfaDevice(null, MfaDeviceType.UNKNOWN));

        // and a root with a password and no MFA is non-compliant
        Posture noMfa = published.of(NO_MFA).get(0);
        assertThat(noMfa.mfaEnabled()).isFalse();
        assertThat(noMfa.mfaDevices()).isEmpty();
        assertThat(noMfa.compliance()).isEqualTo(Compliance.NON_COMPLIANT);

        // and a root whose credentials centralized root access removed is not applicable
        Posture rootless = published.of(ROOTLESS).get(0);
        assertThat(rootless.rootPasswordPresent()).isFalse();
        assertThat(rootless.rootAccessKeysActive()).isZero();
        assertThat(rootless.compliance()).isEqualTo(Compliance.NOT_APPLICABLE);

        // and the member whose role cannot be assumed is UNKNOWN with the reason, no facts
        Posture denied = published.of(DENIED).get(0);
        assertThat(denied.error()).isEqualTo("sts:AssumeRole AccessDenied");
        assertThat(denied.mfaEnabled()).isNull();
        assertThat(denied.centralRootAccess()).isNull();
        assertThat(denied.compliance()).isEqualTo(Compliance.UNKNOWN);

        // and the management account is read with rootwatch's own credentials; the feature does not apply to its root
        Posture management = published.of(FakeAws.MANAGEMENT).get(0);
        assertThat(management.compliance()).isEqualTo(Compliance.COMPLIANT);
        assertThat(management.centralRootAccess()).isFalse();
        aws.server().verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing(FakeAws.MANAGEMENT + "%3Arole")));

        // and the API calls are counted
        assertThat(f.counter(PostureMetrics.API_CALLS, "api", "AssumeRole", "outcome", "access_denied")).isEqualTo(1.0);
        assertThat(f.counter(PostureMetrics.API_CALLS, "api", "ListAccounts", "outcome", "success")).isEqualTo(1.0);
        assertThat(f.counter(PostureMetrics.API_CALLS, "api", "GetAccountSummary", "outcome", "success")).isEqualTo(5.0);
    }

    @Test
    void aRootWithoutCredentialsIsNonCompliantWhereTheOrganizationDoesNotManageRootCredentials() {
        // Given the same organization without centralized root access (RootCredentialsManagement not enabled)
        aws.organizationsFeatures(false);
        PollerFixture f = poller(Map.of());

        // When the poller sweeps it
        f.poller.sweep();

        // Then the member whose root has no password and no key is non-compliant: its root can recover a password
        Posture rootless = published.of(ROOTLESS).get(0);
        assertThat(rootless.centralRootAccess()).isFalse();
        assertThat(rootless.compliance()).isEqualTo(Compliance.NON_COMPLIANT);
        assertThat(rootless.complianceReason()).contains("recover a password");
    }

    @Test
    void publishesOnlyWhatChangedAndReusesSessionsAndReports() {
        // Given a first sweep
        PollerFixture f = poller(Map.of());
        f.poller.sweep();
        published.postures.clear();

        // When nothing changes but one member's root MFA is switched off
        aws.account(VIRTUAL).summary(0, 1, 0).virtualDevices(false);
        f.poller.sweep();

        // Then only that account is published again
        assertThat(published.postures).extracting(Posture::accountId).containsExactly(VIRTUAL);
        assertThat(published.postures.get(0).compliance()).isEqualTo(Compliance.NON_COMPLIANT);
        // and the sessions (15 minutes) and credential reports (younger than 4 hours) are reused
        assertThat(f.counter(PostureMetrics.API_CALLS, "api", "AssumeRole", "outcome", "success")).isEqualTo(4.0);
        assertThat(f.counter(PostureMetrics.API_CALLS, "api", "GetCredentialReport", "outcome", "success")).isEqualTo(5.0);
        assertThat(f.counter(PostureMetrics.PUBLISHED, "reason", "change")).isEqualTo(7.0);
    }

    @Test
    void publishesAgainAtTheNextReadWhatKafkaDidNotAcknowledge() {
        // Given Kafka refuses the first posture records
        PollerFixture f = poller(Map.of(PostureSettings.CONCURRENCY.key(), "1"));
        published.refuse.set(2);
        f.poller.sweep();
        published.postures.clear();

        // When nothing changes before the next sweep
        f.poller.sweep();

        // Then the two refused postures are published again, and only those
        assertThat(published.postures).hasSize(2);
    }

    @Test
    void republishesAnUnchangedPostureAtTheHeartbeat() {
        // Given a heartbeat shorter than the time between two sweeps
        PollerFixture f = poller(Map.of(PostureSettings.HEARTBEAT.key(), "1s"));
        f.poller.sweep();
        published.postures.clear();

        // When the next sweep comes after it
        f.clock.advance(Duration.ofMillis(1100));
        f.poller.sweep();

        // Then every account is published again, unchanged
        assertThat(published.postures).hasSize(6);
        assertThat(f.counter(PostureMetrics.PUBLISHED, "reason", "heartbeat")).isEqualTo(6.0);
    }

    @Test
    void retriesAThrottledCallUntilItSucceeds() {
        // Given IAM throttles a member's GetAccountSummary more often than the SDK retries
        aws.account(VIRTUAL).throttled("GetAccountSummary", 5, FakeAws.summaryAnswer(1, 1, 0));
        PollerFixture f = poller(Map.of(PostureSettings.THROTTLE_RETRIES.key(), "5"));

        // When the poller sweeps
        f.poller.sweep();

        // Then the account is read all the same
        assertThat(published.of(VIRTUAL)).singleElement().satisfies(p -> {
            assertThat(p.error()).isNull();
            assertThat(p.compliance()).isEqualTo(Compliance.COMPLIANT);
        });
        // and the throttled attempts show: rootwatch's own retries and the SDK's
        assertThat(f.counter(PostureMetrics.API_CALLS, "api", "GetAccountSummary", "outcome", "throttled")).isPositive();
        assertThat(f.counter(PostureMetrics.SDK_RETRIES, "api", "GetAccountSummary")).isPositive();
    }

    @Test
    void anAccountThrottledBeyondTheRetriesIsUnknownNeverStale() {
        // Given a member that was compliant at the last sweep
        PollerFixture f = poller(Map.of(PostureSettings.THROTTLE_RETRIES.key(), "0"));
        f.poller.sweep();
        published.postures.clear();

        // When IAM throttles it beyond every retry
        aws.account(VIRTUAL).fails("GetAccountSummary", 400, "Throttling");
        f.poller.sweep();

        // Then its posture says so instead of repeating "compliant"
        assertThat(published.of(VIRTUAL)).singleElement().satisfies(p -> {
            assertThat(p.error()).isEqualTo("iam:GetAccountSummary Throttling");
            assertThat(p.mfaEnabled()).isNull();
            assertThat(p.compliance()).isEqualTo(Compliance.UNKNOWN);
        });
    }

    @Test
    void waitsForACredentialReportThatIsStillGenerating() {
        // Given a member whose summary lacks the password key and whose report is still being generated
        aws.account(HARDWARE).summary(1, null, 1).reportGeneratingThen("not_supported", "true", true);
        PollerFixture f = poller(Map.of());

        // When the poller sweeps
        f.poller.sweep();

        // Then it waited for the report and took the root credentials from it
        Posture posture = published.of(HARDWARE).get(0);
        assertThat(posture.rootAccessKeysActive()).isEqualTo(1);
        assertThat(posture.rootPasswordPresent()).as("password_enabled not_supported is unknown").isNull();
        assertThat(f.counter(PostureMetrics.API_CALLS, "api", "GenerateCredentialReport", "outcome", "success"))
                .as("three for the generating account, one for each of the other four").isEqualTo(7.0);
    }

    @Test
    void aDeniedCredentialReportLeavesTheLiveFactsOfTheSummary() {
        // Given a member role without the credential report permissions
        aws.account(NO_MFA).fails("GenerateCredentialReport", 403, "AccessDenied");
        PollerFixture f = poller(Map.of());

        // When the poller sweeps
        f.poller.sweep();

        // Then the account is still read from GetAccountSummary
        Posture posture = published.of(NO_MFA).get(0);
        assertThat(posture.error()).isNull();
        assertThat(posture.rootPasswordPresent()).isTrue();
        assertThat(posture.rootAccessKeysActive()).isZero();
        assertThat(posture.compliance()).isEqualTo(Compliance.NON_COMPLIANT);
    }

    @Test
    void readsTheListedAccountsInAccountsMode() {
        // Given an explicit list of two accounts and no use of Organizations
        PollerFixture f = poller(Map.of(PostureSettings.MODE.key(), "accounts",
                PostureSettings.ACCOUNTS.key(), "[\"" + VIRTUAL + "\",\"" + NO_MFA + "\"]"));

        // When the poller sweeps
        SweepResult result = f.poller.sweep();

        // Then exactly those are read
        assertThat(result.accounts()).isEqualTo(2);
        assertThat(published.postures).extracting(Posture::accountId).containsExactlyInAnyOrder(VIRTUAL, NO_MFA);
        aws.server().verify(0, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", containing("ListAccounts")));
    }

    @Test
    void readsTheCallersOwnAccountInSingleMode() {
        // Given single mode in a standalone account (no organization)
        aws.account(FakeAws.MANAGEMENT).fails("ListOrganizationsFeatures", 400, "OrganizationNotFoundException");
        PollerFixture f = poller(Map.of(PostureSettings.MODE.key(), "single"));

        // When the poller sweeps
        f.poller.sweep();

        // Then the caller's account is read with its own credentials, outside any organization
        assertThat(published.postures).singleElement().satisfies(p -> {
            assertThat(p.accountId()).isEqualTo(FakeAws.MANAGEMENT);
            assertThat(p.compliance()).isEqualTo(Compliance.COMPLIANT);
            assertThat(p.centralRootAccess()).isFalse();
        });
        aws.server().verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=AssumeRole")));
    }

    @Test
    void keepsReadingTheLastKnownAccountsWhenTheyCannotBeListed() {
        // Given a first sweep, then Organizations refusing ListAccounts
        PollerFixture f = poller(Map.of());
        f.poller.sweep();
        aws.server().stubFor(FakeAws.organizations("ListAccounts")
                .willReturn(FakeAws.json(400, "{\"__type\":\"AccessDeniedException\",\"Message\":\"You don't have permissions\"}")));

        // When the poller sweeps again
        SweepResult result = f.poller.sweep();

        // Then the accounts of the last sweep are read all the same
        assertThat(result.listed()).isFalse();
        assertThat(result.accounts()).isEqualTo(6);
        assertThat(f.counter(PostureMetrics.API_CALLS, "api", "ListAccounts", "outcome", "access_denied")).isEqualTo(1.0);
    }

    @Test
    void anAccountThatLeftTheOrganizationGetsATombstone() {
        // Given a first sweep of the whole organization
        PollerFixture f = poller(Map.of());
        f.poller.sweep();
        assertThat(published.gone).isEmpty();

        // When the member without MFA leaves the organization
        aws.organization(List.of(FakeAws.MANAGEMENT, VIRTUAL, HARDWARE, ROOTLESS, DENIED), List.of(SUSPENDED));
        published.postures.clear();
        SweepResult result = f.poller.sweep();

        // Then its posture is withdrawn, so no dashboard or rule keeps judging an account rootwatch no longer reads
        assertThat(published.gone).containsExactly(NO_MFA);
        assertThat(result.accounts()).isEqualTo(5);
        assertThat(published.postures).extracting(Posture::accountId).doesNotContain(NO_MFA);
    }

    @Test
    void callsOnlyWhatTheDocumentedPoliciesAllow() throws IOException {
        // Given the IAM policies shipped in docs/iam
        var mapper = Json.mapper();
        var management = mapper.readTree(Path.of("..", "docs", "iam", "posture-management-account-policy.json").toFile());
        var member = mapper.readTree(Path.of("..", "docs", "iam", "posture-member-role.json").toFile());
        Set<String> managementActions = actions(management);
        Set<String> memberActions = actions(member.path("Policies").get(0).path("PolicyDocument"));

        // When a sweep of the organization has made every kind of call
        PollerFixture f = poller(Map.of());
        f.poller.sweep();
        Set<String> called = new TreeSet<>();
        f.registry.find(PostureMetrics.API_CALLS).counters().forEach(c -> called.add(ApiFailure.qualified(c.getId().getTag("api"))));

        // Then rootwatch's own account may make each of them (GetCallerIdentity needs no permission),
        // and a member role allows exactly the four reads of a member account
        called.remove("sts:GetCallerIdentity");
        assertThat(managementActions).containsAll(called);
        assertThat(memberActions).containsExactlyInAnyOrder("iam:GetAccountSummary", "iam:ListVirtualMFADevices",
                "iam:GenerateCredentialReport", "iam:GetCredentialReport");
        assertThat(member.path("AssumeRolePolicyDocument").path("Statement").get(0).path("Action").asText()).isEqualTo("sts:AssumeRole");
        assertThat(member.path("RoleName").asText()).isEqualTo(PostureSettings.defaults().roleName());
    }

    private static Set<String> actions(JsonNode policy) {
        Set<String> actions = new TreeSet<>();
        for (var statement : policy.path("Statement")) {
            var action = statement.path("Action");
            if (action.isArray()) {
                action.forEach(a -> actions.add(a.asText()));
            } else {
                actions.add(action.asText());
            }
        }
        return actions;
    }

    @Test
    void sendsTheExternalIdAndTheSessionName() {
        // Given an external ID
        PollerFixture f = poller(Map.of(PostureSettings.EXTERNAL_ID_SETTING.key(), "rootwatch-7f3a9c"));

        // When the poller sweeps
        f.poller.sweep();

        // Then AssumeRole carries it, with the fixed session name and a 15-minute session
        aws.server().verify(postRequestedFor(urlEqualTo("/"))
                .withRequestBody(containing("Action=AssumeRole"))
                .withRequestBody(containing("RoleSessionName=rootwatch-posture"))
                .withRequestBody(containing("ExternalId=rootwatch-7f3a9c"))
                .withRequestBody(containing("DurationSeconds=900")));
    }
}
