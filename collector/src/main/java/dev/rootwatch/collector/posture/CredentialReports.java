package dev.rootwatch.collector.posture;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.GetCredentialReportResponse;
import software.amazon.awssdk.services.iam.model.ReportStateType;

/**
 * The root row of an account's credential report: iam:GenerateCredentialReport until IAM says
 * COMPLETE (backing off while it is STARTED or INPROGRESS, at most {@code maxWait}), then
 * iam:GetCredentialReport. IAM generates a new report at most every four hours and returns the
 * existing one before that, so a row younger than {@link #REGENERATION} is reused without calling
 * IAM at all: nothing newer could be had. The report is for credentials only; it is never the
 * MFA signal (GetAccountSummary is).
 */
final class CredentialReports {

    static final Duration REGENERATION = Duration.ofHours(4);
    private static final Set<String> NOT_READY_CODES = Set.of("ReportInProgress", "ReportNotPresent", "ReportExpired");
    private static final Logger LOGGER = LoggerFactory.getLogger(CredentialReports.class);

    private final IamClient iam;
    private final ApiCaller api;
    private final Duration maxWait;
    private final Backoff backoff;
    private final Clock clock;
    private final Map<String, RootCredentials> cache = new ConcurrentHashMap<>();
    private final RepeatFilter problems = new RepeatFilter();

    CredentialReports(IamClient iam, ApiCaller api, Duration maxWait, Backoff backoff, Clock clock) {
        this.iam = iam;
        this.api = api;
        this.maxWait = maxWait;
        this.backoff = backoff;
        this.clock = clock;
    }

    /**
     * The root row, or null where the report could not be had (denied, throttled, still generating
     * after {@code maxWait}, malformed); the reason is logged. Thrown only when the poller closes.
     */
    RootCredentials root(String accountId, AwsRequestOverrideConfiguration overrides) {
        RootCredentials cached = cache.get(accountId);
        if (cached != null && cached.generatedAt().plus(REGENERATION).isAfter(clock.instant())) {
            return cached;
        }
        try {
            RootCredentials fresh = fetch(accountId, overrides);
            if (fresh != null) {
                problems.isNew(accountId, null);
                if (fresh.generatedAt() != null) {
                    cache.put(accountId, fresh);
                }
            }
            return fresh;
        } catch (ApiFailure e) {
            warn(accountId, "credential report unavailable error=" + e.getMessage());
            return null;
        } catch (IllegalArgumentException e) {
            warn(accountId, "credential report unreadable reason=" + e.getMessage());
            return null;
        }
    }

    void retainOnly(Set<String> accountIds) {
        cache.keySet().retainAll(accountIds);
        problems.retainOnly(accountIds);
    }

    /** WARN when the problem starts (or changes), DEBUG while it lasts. */
    private void warn(String accountId, String problem) {
        if (problems.isNew(accountId, problem)) {
            LOGGER.warn("{} account={}; root credential facts from GetAccountSummary only", problem, accountId);
        } else {
            LOGGER.debug("{} account={} (unchanged)", problem, accountId);
        }
    }

    private RootCredentials fetch(String accountId, AwsRequestOverrideConfiguration overrides) {
        Instant deadline = clock.instant().plus(maxWait);
        for (int attempt = 0; ; attempt++) {
            ReportStateType state = api.call("GenerateCredentialReport", accountId,
                    () -> iam.generateCredentialReport(r -> r.overrideConfiguration(overrides))).state();
            if (state == ReportStateType.COMPLETE) {
                try {
                    GetCredentialReportResponse report = api.call("GetCredentialReport", accountId,
                            () -> iam.getCredentialReport(r -> r.overrideConfiguration(overrides)));
                    if (report.content() == null) {
                        throw new IllegalArgumentException("GetCredentialReport answered no content");
                    }
                    return CredentialReport.root(report.content().asByteArray(), report.generatedTime());
                } catch (ApiFailure e) {
                    if (!NOT_READY_CODES.contains(e.code())) {
                        throw e;
                    }
                }
            }
            Duration delay = backoff.delay(attempt);
            if (clock.instant().plus(delay).isAfter(deadline)) {
                warn(accountId, "credential report still generating after waitedMs=" + maxWait.toMillis());
                return null;
            }
            Backoff.sleep(delay);
        }
    }
}
