package dev.rootwatch.collector.posture;

import dev.rootwatch.common.text.LogSafe;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * An AWS API call that failed for good (after the SDK's retries and rootwatch's own). Its message
 * is short and stable, {@code <service>:<Api> <ErrorCode>}, because it becomes the posture's
 * {@code error} field: the same failure on the next sweep is the same posture, not a change.
 */
final class ApiFailure extends RuntimeException {

    static final Set<String> THROTTLING_CODES = Set.of("Throttling", "ThrottlingException", "TooManyRequests",
            "TooManyRequestsException", "RequestLimitExceeded", "RequestThrottled", "RequestThrottledException",
            "SlowDown", "PriorRequestNotComplete");
    static final Set<String> ACCESS_DENIED_CODES = Set.of("AccessDenied", "AccessDeniedException", "UnauthorizedOperation",
            "AuthorizationError");
    static final Set<String> EXPIRED_CREDENTIAL_CODES = Set.of("ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId",
            "RequestExpired");

    private final String api;
    private final String code;
    private final ApiOutcome outcome;

    ApiFailure(String api, String code, ApiOutcome outcome, Throwable cause) {
        super(qualified(api) + " " + code, cause, false, false);
        this.api = api;
        this.code = code;
        this.outcome = outcome;
    }

    static ApiFailure of(String api, SdkException e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null && aws.awsErrorDetails().errorCode() != null) {
            String code = aws.awsErrorDetails().errorCode();
            return new ApiFailure(api, code, classify(code, aws.statusCode(), aws.isThrottlingException()), e);
        }
        if (e instanceof SdkServiceException service) {
            String code = "HTTP" + service.statusCode();
            return new ApiFailure(api, code, classify(code, service.statusCode(), service.isThrottlingException()), e);
        }
        if (e instanceof SdkClientException && e.getCause() instanceof java.io.IOException) {
            return new ApiFailure(api, "NetworkError", ApiOutcome.ERROR, e);
        }
        return new ApiFailure(api, "ClientError", ApiOutcome.ERROR, e);
    }

    private static ApiOutcome classify(String code, int status, boolean sdkSaysThrottled) {
        if (sdkSaysThrottled || status == 429 || THROTTLING_CODES.contains(code)) {
            return ApiOutcome.THROTTLED;
        }
        if (ACCESS_DENIED_CODES.contains(code)) {
            return ApiOutcome.ACCESS_DENIED;
        }
        return ApiOutcome.ERROR;
    }

    /** {@code iam:GetAccountSummary}, {@code sts:AssumeRole}, {@code organizations:ListAccounts}. */
    static String qualified(String api) {
        return switch (api) {
            case "AssumeRole", "GetCallerIdentity" -> "sts:" + api;
            case "ListAccounts", "DescribeOrganization" -> "organizations:" + api;
            default -> "iam:" + api;
        };
    }

    String api() {
        return api;
    }

    String code() {
        return code;
    }

    ApiOutcome outcome() {
        return outcome;
    }

    boolean throttled() {
        return outcome == ApiOutcome.THROTTLED;
    }

    /** The underlying message, made safe for one log line (AWS messages name ARNs, never secrets). */
    String detail() {
        Throwable cause = getCause();
        return cause == null ? "" : LogSafe.escape(cause.getMessage(), 300);
    }

    boolean expiredCredentials() {
        return EXPIRED_CREDENTIAL_CODES.contains(code);
    }
}
