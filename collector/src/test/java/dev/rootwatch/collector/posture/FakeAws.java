package dev.rootwatch.collector.posture;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * IAM, STS and Organizations as WireMock stubs answering the documented wire formats: Query
 * protocol XML for IAM and STS, AWS JSON 1.1 for Organizations. Accounts are told apart by the
 * access key in the SigV4 Authorization header: rootwatch's own calls are signed with
 * {@link #BASE_KEY}, a member's with the key its AssumeRole stub handed out ({@code ASIA<account>}).
 */
public final class FakeAws implements AutoCloseable {

    public static final String BASE_KEY = "AKIAROOTWATCHTEST000";
    public static final String MANAGEMENT = "111111111111";
    static final String ROLE = "RootwatchPostureReader";
    static final String IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/";
    static final String STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";
    static final String REPORT_HEADER = "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
            + "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,"
            + "access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,"
            + "access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
            + "cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

    private final WireMockServer server;

    public FakeAws() {
        this(false);
    }

    FakeAws(boolean quiet) {
        var options = options().dynamicPort().bindAddress("127.0.0.1").containerThreads(40);
        if (quiet) {
            options.disableRequestJournal();
        }
        server = new WireMockServer(options);
        server.start();
    }

    public String url() {
        return server.baseUrl();
    }

    WireMockServer server() {
        return server;
    }

    public static StaticCredentialsProvider baseCredentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(BASE_KEY, "base-secret"));
    }

    static String keyOf(String accountId) {
        return MANAGEMENT.equals(accountId) ? BASE_KEY : "ASIA" + accountId;
    }

    // ---- STS

    public void callerIdentity(String accountId) {
        server.stubFor(query("GetCallerIdentity").willReturn(xml(200, "<GetCallerIdentityResponse xmlns=\"" + STS_NS + "\">"
                + "<GetCallerIdentityResult><Arn>arn:aws:sts::" + accountId + ":assumed-role/rootwatch/i-0123456789abcdef0</Arn>"
                + "<UserId>AROAEXAMPLE:i-0123456789abcdef0</UserId><Account>" + accountId + "</Account></GetCallerIdentityResult>"
                + meta() + "</GetCallerIdentityResponse>")));
    }

    /** sts:AssumeRole of the member role in {@code accountId} hands out the key {@code ASIA<account>}. */
    public void memberRole(String accountId) {
        server.stubFor(assumeRole(accountId).willReturn(assumeRoleAnswer(accountId, keyOf(accountId))));
    }

    static ResponseDefinitionBuilder assumeRoleAnswer(String accountId, String accessKeyId) {
        return xml(200, "<AssumeRoleResponse xmlns=\"" + STS_NS + "\"><AssumeRoleResult>"
                + "<Credentials><AccessKeyId>" + accessKeyId + "</AccessKeyId><SecretAccessKey>member-secret</SecretAccessKey>"
                + "<SessionToken>member-session-token</SessionToken>"
                + "<Expiration>" + Instant.now().plus(15, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS) + "</Expiration></Credentials>"
                + "<AssumedRoleUser><AssumedRoleId>AROAEXAMPLE:rootwatch-posture</AssumedRoleId>"
                + "<Arn>arn:aws:sts::" + accountId + ":assumed-role/" + ROLE + "/rootwatch-posture</Arn></AssumedRoleUser>"
                + "</AssumeRoleResult>" + meta() + "</AssumeRoleResponse>");
    }

    public void memberRoleDenied(String accountId) {
        server.stubFor(assumeRole(accountId).willReturn(error(403, "AccessDenied", "User: arn:aws:sts::" + MANAGEMENT
                + ":assumed-role/rootwatch/i-0 is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::"
                + accountId + ":role/" + ROLE, STS_NS)));
    }

    private static MappingBuilder assumeRole(String accountId) {
        return query("AssumeRole").withRequestBody(containing("RoleArn=arn%3Aaws%3Aiam%3A%3A" + accountId + "%3Arole%2F" + ROLE));
    }

    // ---- Organizations

    /** ListAccounts in pages of 20 (NextToken {@code page-N}); every account ACTIVE except those in {@code suspended}. */
    public void organization(List<String> accounts, List<String> suspended) {
        List<String> all = new ArrayList<>(accounts);
        all.addAll(suspended);
        int pages = Math.max(1, (all.size() + 19) / 20);
        for (int page = 0; page < pages; page++) {
            StringBuilder json = new StringBuilder("{\"Accounts\":[");
            List<String> slice = all.subList(page * 20, Math.min(all.size(), page * 20 + 20));
            for (int i = 0; i < slice.size(); i++) {
                String id = slice.get(i);
                String state = suspended.contains(id) ? "SUSPENDED" : "ACTIVE";
                json.append(i == 0 ? "" : ",").append("{\"Id\":\"").append(id).append("\",\"Arn\":\"arn:aws:organizations::")
                        .append(MANAGEMENT).append(":account/o-exampleorgid/").append(id).append("\",\"Email\":\"aws+").append(id)
                        .append("@example.com\",\"Name\":\"account ").append(id).append("\",\"Status\":\"").append(state)
                        .append("\",\"State\":\"").append(state).append("\",\"JoinedMethod\":\"CREATED\",\"JoinedTimestamp\":1.7E9}");
            }
            json.append("]");
            if (page + 1 < pages) {
                json.append(",\"NextToken\":\"page-").append(page + 2).append("\"");
            }
            json.append("}");
            MappingBuilder request = organizations("ListAccounts");
            request = page == 0 ? request.withRequestBody(equalToJson("{}"))
                    : request.withRequestBody(matchingJsonPath("$.NextToken", equalTo("page-" + (page + 1))));
            server.stubFor(request.willReturn(json(200, json.toString())));
        }
        server.stubFor(organizations("DescribeOrganization").willReturn(json(200, "{\"Organization\":{\"Id\":\"o-exampleorgid\","
                + "\"Arn\":\"arn:aws:organizations::" + MANAGEMENT + ":organization/o-exampleorgid\",\"FeatureSet\":\"ALL\","
                + "\"MasterAccountArn\":\"arn:aws:organizations::" + MANAGEMENT + ":account/o-exampleorgid/" + MANAGEMENT + "\","
                + "\"MasterAccountId\":\"" + MANAGEMENT + "\",\"MasterAccountEmail\":\"aws@example.com\"}}")));
    }

    public static MappingBuilder organizations(String operation) {
        return post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo(OrganizationsJsonClient.TARGET_PREFIX + operation))
                .withHeader("Content-Type", containing("application/x-amz-json-1.1"));
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1")
                .withHeader("x-amzn-RequestId", "b1c2d3e4-0000-4000-8000-000000000000").withBody(body);
    }

    // ---- IAM, in the management account (rootwatch's own credentials)

    public void organizationsFeatures(boolean rootCredentialsManagement) {
        String features = rootCredentialsManagement ? "<member>RootCredentialsManagement</member><member>RootSessions</member>" : "";
        server.stubFor(query("ListOrganizationsFeatures").withHeader("Authorization", containing("Credential=" + BASE_KEY + "/"))
                .willReturn(xml(200, "<ListOrganizationsFeaturesResponse xmlns=\"" + IAM_NS + "\"><ListOrganizationsFeaturesResult>"
                        + "<OrganizationId>o-exampleorgid</OrganizationId><EnabledFeatures>" + features + "</EnabledFeatures>"
                        + "</ListOrganizationsFeaturesResult>" + meta() + "</ListOrganizationsFeaturesResponse>")));
    }

    // ---- IAM, per account

    public Account account(String accountId) {
        return new Account(accountId);
    }

    /** The IAM stubs of one account, matched by the access key its requests are signed with. */
    public final class Account {
        private final String id;

        private Account(String id) {
            this.id = id;
        }

        MappingBuilder iam(String action) {
            return query(action).withHeader("Authorization", containing("Credential=" + keyOf(id) + "/"));
        }

        /** GetAccountSummary with these root facts (a null leaves the key out of the SummaryMap). */
        public Account summary(Integer mfaEnabled, Integer passwordPresent, Integer accessKeysPresent) {
            Map<String, Integer> map = new LinkedHashMap<>();
            map.put("Users", 4);
            map.put("UsersQuota", 5000);
            map.put("MFADevices", 2);
            map.put("MFADevicesInUse", 2);
            map.put("AccountMFAEnabled", mfaEnabled);
            map.put("AccountAccessKeysPresent", accessKeysPresent);
            map.put("AccountPasswordPresent", passwordPresent);
            map.put("AccountSigningCertificatesPresent", 0);
            map.put("Policies", 12);
            StringBuilder entries = new StringBuilder();
            map.forEach((k, v) -> {
                if (v != null) {
                    entries.append("<entry><key>").append(k).append("</key><value>").append(v).append("</value></entry>");
                }
            });
            server.stubFor(iam("GetAccountSummary").willReturn(xml(200, "<GetAccountSummaryResponse xmlns=\"" + IAM_NS + "\">"
                    + "<GetAccountSummaryResult><SummaryMap>" + entries + "</SummaryMap></GetAccountSummaryResult>"
                    + meta() + "</GetAccountSummaryResponse>")));
            return this;
        }

        /** Assigned virtual devices: root's ({@code root-account-mfa-device}) when {@code rootDevice}, plus one of an IAM user. */
        public Account virtualDevices(boolean rootDevice) {
            server.stubFor(iam("ListVirtualMFADevices").withRequestBody(containing("AssignmentStatus=Assigned"))
                    .willReturn(virtualDevicesAnswer(id, rootDevice)));
            return this;
        }

        /** A credential report, already COMPLETE, whose root row says these (true/false/not_supported). */
        public Account report(String passwordEnabled, String mfaActive, boolean key1Active, boolean key2Active) {
            server.stubFor(iam("GenerateCredentialReport").willReturn(generateState("COMPLETE")));
            server.stubFor(iam("GetCredentialReport").willReturn(credentialReport(rootRow(passwordEnabled, mfaActive, key1Active, key2Active))));
            return this;
        }

        /** A credential report that IAM reports STARTED, then INPROGRESS, then COMPLETE. */
        Account reportGeneratingThen(String passwordEnabled, String mfaActive, boolean key1Active) {
            String scenario = "report-" + id;
            server.stubFor(iam("GenerateCredentialReport").inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                    .willReturn(generateState("STARTED")).willSetStateTo("in-progress"));
            server.stubFor(iam("GenerateCredentialReport").inScenario(scenario).whenScenarioStateIs("in-progress")
                    .willReturn(generateState("INPROGRESS")).willSetStateTo("complete"));
            server.stubFor(iam("GenerateCredentialReport").inScenario(scenario).whenScenarioStateIs("complete")
                    .willReturn(generateState("COMPLETE")));
            server.stubFor(iam("GetCredentialReport").willReturn(credentialReport(rootRow(passwordEnabled, mfaActive, key1Active, false))));
            return this;
        }

        Account fails(String action, int status, String code) {
            server.stubFor(iam(action).willReturn(error(status, code, "rejected by the test", IAM_NS)));
            return this;
        }

        /** {@code action} is throttled {@code times} times, then answered as stubbed before. */
        Account throttled(String action, int times, ResponseDefinitionBuilder success) {
            String scenario = "throttle-" + action + "-" + id;
            for (int i = 0; i < times; i++) {
                server.stubFor(iam(action).inScenario(scenario).whenScenarioStateIs(i == 0 ? Scenario.STARTED : "throttled-" + i)
                        .willReturn(error(400, "Throttling", "Rate exceeded", IAM_NS)).willSetStateTo("throttled-" + (i + 1)));
            }
            server.stubFor(iam(action).inScenario(scenario).whenScenarioStateIs("throttled-" + times).willReturn(success));
            return this;
        }

        private String rootRow(String passwordEnabled, String mfaActive, boolean key1Active, boolean key2Active) {
            return FakeAws.rootRow(id, passwordEnabled, mfaActive, key1Active, key2Active);
        }
    }

    static String rootRow(String id, String passwordEnabled, String mfaActive, boolean key1Active, boolean key2Active) {
        return "<root_account>,arn:aws:iam::" + id + ":root,2019-05-01T09:00:00+00:00," + passwordEnabled
                + ",2026-10-30T08:15:00+00:00,not_supported,not_supported," + mfaActive + "," + key1Active
                + "," + (key1Active ? "2025-01-01T00:00:00+00:00" : "N/A") + ",N/A,N/A,N/A," + key2Active + ",N/A,N/A,N/A,N/A,false,N/A,false,N/A";
    }

    static ResponseDefinitionBuilder virtualDevicesAnswer(String id, boolean rootDevice) {
        StringBuilder members = new StringBuilder();
        if (rootDevice) {
            members.append(device("arn:aws:iam::" + id + ":mfa/root-account-mfa-device", "arn:aws:iam::" + id + ":root", id));
        }
        members.append(device("arn:aws:iam::" + id + ":mfa/alice-phone", "arn:aws:iam::" + id + ":user/alice", "AIDAEXAMPLEALICE"));
        return xml(200, "<ListVirtualMFADevicesResponse xmlns=\"" + IAM_NS + "\"><ListVirtualMFADevicesResult>"
                + "<IsTruncated>false</IsTruncated><VirtualMFADevices>" + members + "</VirtualMFADevices>"
                + "</ListVirtualMFADevicesResult>" + meta() + "</ListVirtualMFADevicesResponse>");
    }

    private static String device(String serial, String userArn, String userId) {
        String userName = userArn.endsWith(":root") ? "" : "<UserName>" + userArn.substring(userArn.lastIndexOf('/') + 1) + "</UserName>";
        return "<member><SerialNumber>" + serial + "</SerialNumber><User><Path>/</Path>" + userName + "<Arn>" + userArn
                + "</Arn><UserId>" + userId + "</UserId><CreateDate>2024-03-01T10:00:00Z</CreateDate></User>"
                + "<EnableDate>2024-03-02T10:00:00Z</EnableDate></member>";
    }

    static ResponseDefinitionBuilder summaryAnswer(int mfaEnabled, int passwordPresent, int accessKeysPresent) {
        return xml(200, "<GetAccountSummaryResponse xmlns=\"" + IAM_NS + "\"><GetAccountSummaryResult><SummaryMap>"
                + "<entry><key>AccountMFAEnabled</key><value>" + mfaEnabled + "</value></entry>"
                + "<entry><key>AccountPasswordPresent</key><value>" + passwordPresent + "</value></entry>"
                + "<entry><key>AccountAccessKeysPresent</key><value>" + accessKeysPresent + "</value></entry>"
                + "</SummaryMap></GetAccountSummaryResult>" + meta() + "</GetAccountSummaryResponse>");
    }

    static ResponseDefinitionBuilder generateState(String state) {
        return xml(200, "<GenerateCredentialReportResponse xmlns=\"" + IAM_NS + "\"><GenerateCredentialReportResult>"
                + "<Description>report generation</Description><State>" + state + "</State></GenerateCredentialReportResult>"
                + meta() + "</GenerateCredentialReportResponse>");
    }

    static ResponseDefinitionBuilder credentialReport(String rootRow) {
        String csv = REPORT_HEADER + "\n" + rootRow + "\n"
                + "alice,arn:aws:iam::123456789012:user/alice,2024-03-01T10:00:00+00:00,true,2026-10-31T07:00:00+00:00,"
                + "2024-03-01T10:05:00+00:00,N/A,true,true,2024-03-01T10:00:00+00:00,2026-10-31T07:00:00+00:00,us-east-1,s3,"
                + "false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";
        String content = Base64.getEncoder().encodeToString(csv.getBytes(StandardCharsets.UTF_8));
        return xml(200, "<GetCredentialReportResponse xmlns=\"" + IAM_NS + "\"><GetCredentialReportResult>"
                + "<Content>" + content + "</Content><ReportFormat>text/csv</ReportFormat>"
                + "<GeneratedTime>" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "</GeneratedTime>"
                + "</GetCredentialReportResult>" + meta() + "</GetCredentialReportResponse>");
    }

    static MappingBuilder query(String action) {
        return post(urlEqualTo("/")).withRequestBody(containing("Action=" + action + "&"));
    }

    static ResponseDefinitionBuilder xml(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody(body);
    }

    static ResponseDefinitionBuilder error(int status, String code, String message, String namespace) {
        return xml(status, "<ErrorResponse xmlns=\"" + namespace + "\"><Error><Type>Sender</Type><Code>" + code + "</Code>"
                + "<Message>" + message + "</Message></Error><RequestId>4f9a0c1e-0000-4000-8000-000000000000</RequestId></ErrorResponse>");
    }

    private static String meta() {
        return "<ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ResponseMetadata>";
    }

    @Override
    public void close() {
        server.stop();
    }
}
