package dev.rootwatch.collector.posture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rootwatch.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * The two Organizations calls rootwatch needs, ListAccounts and DescribeOrganization, spoken in
 * the documented AWS JSON 1.1 protocol ({@code POST /}, {@code X-Amz-Target:
 * AWSOrganizationsV20161128.<Operation>}), signed with the SDK's own SigV4 signer and sent with the
 * SDK's HTTP client. It exists because the SDK's {@code organizations} module cannot be had from
 * rootwatch's build registry; its failures are the SDK's {@link AwsServiceException} and
 * {@link SdkClientException}, so callers treat them like any SDK client's.
 */
final class OrganizationsJsonClient {

    static final String TARGET_PREFIX = "AWSOrganizationsV20161128.";
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    static final String SIGNING_NAME = "organizations";
    /** A ListAccounts page holds at most 20 accounts; no answer of these two calls comes near this. */
    private static final int MAX_RESPONSE_BYTES = 4 << 20;

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final OrganizationsEndpoint endpoint;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    OrganizationsJsonClient(SdkHttpClient http, AwsCredentialsProvider credentials, OrganizationsEndpoint endpoint) {
        this.http = http;
        this.credentials = credentials;
        this.endpoint = endpoint;
    }

    OrganizationsEndpoint endpoint() {
        return endpoint;
    }

    /** One page of organizations:ListAccounts; {@code nextToken} null for the first page. */
    AccountPage listAccounts(String nextToken) {
        ObjectNode body = Json.mapper().createObjectNode();
        if (nextToken != null) {
            body.put("NextToken", nextToken);
        }
        JsonNode answer = call("ListAccounts", body);
        List<OrganizationAccount> accounts = new ArrayList<>();
        for (JsonNode account : answer.path("Accounts")) {
            String id = account.path("Id").asText(null);
            if (id == null) {
                throw SdkClientException.create("ListAccounts answered an account without Id");
            }
            String state = account.hasNonNull("State") ? account.get("State").asText() : account.path("Status").asText("");
            accounts.add(new OrganizationAccount(id, state));
        }
        String next = answer.hasNonNull("NextToken") ? answer.get("NextToken").asText() : null;
        return new AccountPage(accounts, next == null || next.isEmpty() ? null : next);
    }

    /** organizations:DescribeOrganization: the management account's id. */
    String managementAccountId() {
        JsonNode organization = call("DescribeOrganization", Json.mapper().createObjectNode()).path("Organization");
        String id = organization.path("MasterAccountId").asText(null);
        if (id == null) {
            throw SdkClientException.create("DescribeOrganization answered no MasterAccountId");
        }
        return id;
    }

    private JsonNode call(String operation, ObjectNode body) {
        byte[] payload = body.toString().getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint.uri().resolve("/"))
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("X-Amz-Target", TARGET_PREFIX + operation)
                .putHeader("Content-Length", Integer.toString(payload.length))
                .build();
        SignedRequest signed = signer.sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(payload))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                .putProperty(AwsV4HttpSigner.REGION_NAME, endpoint.signingRegion()));
        HttpExecuteResponse response;
        byte[] answer;
        try {
            response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null))
                    .build()).call();
            answer = read(response.responseBody());
        } catch (IOException e) {
            throw SdkClientException.create(operation + " could not reach " + endpoint.uri().getHost(), e);
        }
        int status = response.httpResponse().statusCode();
        JsonNode json = parse(operation, answer, status);
        if (status / 100 != 2) {
            throw error(operation, response, json, status);
        }
        return json;
    }

    private static byte[] read(Optional<AbortableInputStream> body) throws IOException {
        if (body.isEmpty()) {
            return new byte[0];
        }
        try (InputStream in = body.get()) {
            byte[] bytes = in.readNBytes(MAX_RESPONSE_BYTES + 1);
            if (bytes.length > MAX_RESPONSE_BYTES) {
                throw new IOException("answer larger than " + MAX_RESPONSE_BYTES + " bytes");
            }
            return bytes;
        }
    }

    private static JsonNode parse(String operation, byte[] answer, int status) {
        if (answer.length == 0) {
            return Json.mapper().createObjectNode();
        }
        try {
            return Json.mapper().readTree(answer);
        } catch (IOException e) {
            if (status / 100 != 2) {
                return Json.mapper().createObjectNode();
            }
            throw SdkClientException.create(operation + " answered something that is not JSON", e);
        }
    }

    private static AwsServiceException error(String operation, HttpExecuteResponse response, JsonNode json, int status) {
        String type = json.path("__type").asText(null);
        if (type == null) {
            type = response.httpResponse().firstMatchingHeader("x-amzn-ErrorType").orElse("HTTP" + status);
        }
        String code = errorCode(type);
        String message = json.hasNonNull("Message") ? json.get("Message").asText()
                : json.path("message").asText(operation + " failed");
        String requestId = response.httpResponse().firstMatchingHeader("x-amzn-RequestId").orElse(null);
        return AwsServiceException.builder()
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(message)
                        .serviceName("Organizations")
                        .sdkHttpResponse(response.httpResponse())
                        .build())
                .statusCode(status)
                .requestId(requestId)
                .message(message + " (Service: Organizations, Status Code: " + status + ", Request ID: " + requestId + ")")
                .build();
    }

    /** {@code com.amazonaws.organizations#AccessDeniedException} or {@code AccessDeniedException:http://...} → {@code AccessDeniedException}. */
    static String errorCode(String type) {
        String code = type;
        int hash = code.lastIndexOf('#');
        if (hash >= 0) {
            code = code.substring(hash + 1);
        }
        int colon = code.indexOf(':');
        if (colon >= 0) {
            code = code.substring(0, colon);
        }
        return code.isBlank() ? "Unknown" : code;
    }

    /** One page of ListAccounts. */
    record AccountPage(List<OrganizationAccount> accounts, String nextToken) {
        AccountPage {
            accounts = List.copyOf(accounts);
        }
    }
}
