package dev.rootwatch.collector.posture;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;

/** rootwatch's Organizations client against the AWS JSON 1.1 protocol as WireMock answers it. */
class OrganizationsJsonClientIT {

    FakeAws aws;
    SdkHttpClient http;
    OrganizationsJsonClient client;

    @BeforeEach
    @SuppressWarnings("deprecation")
    void start() {
        aws = new FakeAws();
        http = ApacheHttpClient.builder().build();
        client = new OrganizationsJsonClient(http,
                StaticCredentialsProvider.create(AwsSessionCredentials.create(FakeAws.BASE_KEY, "secret", "session-token")),
                OrganizationsEndpoint.resolve(aws.url(), Map.of(), Region.US_EAST_1));
    }

    @AfterEach
    void stop() {
        http.close();
        aws.close();
    }

    @Test
    void listsEveryPageOfAccountsWithTheirState() {
        // Given an organization of 45 accounts, two of them suspended
        List<String> active = IntStream.range(0, 43).mapToObj(i -> String.format("2%011d", i)).toList();
        aws.organization(active, List.of("900000000001", "900000000002"));

        // When every page is read
        List<OrganizationAccount> accounts = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            OrganizationsJsonClient.AccountPage page = client.listAccounts(token);
            accounts.addAll(page.accounts());
            token = page.nextToken();
            pages++;
        } while (token != null);

        // Then all 45 come back over three pages, the suspended ones as such
        assertThat(pages).isEqualTo(3);
        assertThat(accounts).hasSize(45);
        assertThat(accounts.stream().filter(OrganizationAccount::active)).hasSize(43);
        assertThat(accounts).contains(new OrganizationAccount("900000000002", "SUSPENDED"));
    }

    @Test
    void signsWithSigV4ForOrganizationsInUsEast1() {
        // Given a one-page organization
        aws.organization(List.of("222222222222"), List.of());

        // When the accounts are listed
        client.listAccounts(null);

        // Then the request is the documented JSON 1.1 call, signed for organizations in us-east-1 with the session token
        aws.server().verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AWSOrganizationsV20161128.ListAccounts"))
                .withHeader("Content-Type", equalTo("application/x-amz-json-1.1"))
                .withHeader("Authorization", matching("AWS4-HMAC-SHA256 Credential=" + FakeAws.BASE_KEY
                        + "/\\d{8}/us-east-1/organizations/aws4_request, SignedHeaders=.*x-amz-target.*, Signature=[0-9a-f]{64}"))
                .withHeader("X-Amz-Date", matching("\\d{8}T\\d{6}Z"))
                .withHeader("X-Amz-Security-Token", equalTo("session-token")));
    }

    @Test
    void readsTheManagementAccount() {
        aws.organization(List.of("222222222222"), List.of());

        assertThat(client.managementAccountId()).isEqualTo(FakeAws.MANAGEMENT);
    }

    @Test
    void turnsAJsonErrorIntoTheSdksServiceException() {
        // Given Organizations denies the call
        aws.server().stubFor(FakeAws.organizations("ListAccounts").willReturn(FakeAws.json(400,
                "{\"__type\":\"com.amazonaws.organizations#AccessDeniedException\",\"Message\":\"You don't have permissions to access this resource.\"}")));

        // When the accounts are listed
        // Then the failure carries the error code, status and request id
        assertThatThrownBy(() -> client.listAccounts(null))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.requestId()).isEqualTo("b1c2d3e4-0000-4000-8000-000000000000");
                });
    }

    @Test
    void retriesTooManyRequestsThroughTheApiCaller() {
        // Given Organizations throttles the first two calls
        String scenario = "org-throttle";
        aws.server().stubFor(FakeAws.organizations("ListAccounts").inScenario(scenario)
                .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(FakeAws.json(400, "{\"__type\":\"TooManyRequestsException\",\"Message\":\"AWS Organizations can't complete your request because another request is already in progress.\"}"))
                .willSetStateTo("once"));
        aws.server().stubFor(FakeAws.organizations("ListAccounts").inScenario(scenario).whenScenarioStateIs("once")
                .willReturn(FakeAws.json(429, "{\"__type\":\"TooManyRequestsException\",\"Message\":\"Rate exceeded\"}"))
                .willSetStateTo("twice"));
        aws.server().stubFor(FakeAws.organizations("ListAccounts").inScenario(scenario).whenScenarioStateIs("twice")
                .willReturn(FakeAws.json(200, "{\"Accounts\":[{\"Id\":\"222222222222\",\"Status\":\"ACTIVE\"}]}")));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ApiCaller api = new ApiCaller(new PostureMetrics(registry), 3, new Backoff(Duration.ofMillis(10), Duration.ofMillis(50)));

        // When the accounts are listed through the caller
        OrganizationsJsonClient.AccountPage page = api.call("ListAccounts", "organization", () -> client.listAccounts(null));

        // Then the third attempt succeeds, falling back to the older Status field, and the throttling is counted
        assertThat(page.accounts()).containsExactly(new OrganizationAccount("222222222222", "ACTIVE"));
        assertThat(registry.get(PostureMetrics.API_CALLS).tags("api", "ListAccounts", "outcome", "throttled").counter().count())
                .isEqualTo(2.0);
    }

    @Test
    void reportsAnUnreachableEndpointAsAClientError() {
        // Given nothing listens at the endpoint
        OrganizationsJsonClient nowhere = new OrganizationsJsonClient(http, FakeAws.baseCredentials(),
                OrganizationsEndpoint.resolve("http://127.0.0.1:1", Map.of(), Region.US_EAST_1));

        // Then listing fails as the SDK's client exception
        assertThatThrownBy(() -> nowhere.listAccounts(null)).isInstanceOf(SdkClientException.class)
                .hasMessageContaining("ListAccounts");
        aws.server().verify(0, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", containing("ListAccounts")));
    }
}
