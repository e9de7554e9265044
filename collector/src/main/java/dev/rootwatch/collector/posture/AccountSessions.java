package dev.rootwatch.collector.posture;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Credentials for reading one account: rootwatch's own for the caller's account, otherwise a short
 * sts:AssumeRole session into the member role (session name {@value #SESSION_NAME}, optional
 * external ID), kept until {@link #REFRESH_MARGIN} before it expires. Callers never poll one
 * account twice at once, so a session is assumed once per account and expiry.
 */
final class AccountSessions {

    static final String SESSION_NAME = "rootwatch-posture";
    static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

    private static final Logger LOGGER = LoggerFactory.getLogger(AccountSessions.class);

    private final StsClient sts;
    private final AwsCredentialsProvider own;
    private final ApiCaller api;
    private final PostureMetrics metrics;
    private final String roleName;
    private final String externalId;
    private final Duration sessionDuration;
    private final Clock clock;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    AccountSessions(StsClient sts, AwsCredentialsProvider own, ApiCaller api, PostureMetrics metrics, String roleName,
                    String externalId, Duration sessionDuration, Clock clock) {
        this.sts = sts;
        this.own = own;
        this.api = api;
        this.metrics = metrics;
        this.roleName = roleName;
        this.externalId = externalId;
        this.sessionDuration = sessionDuration;
        this.clock = clock;
    }

    /** Credentials to read {@code accountId} with; throws {@link ApiFailure} when the role cannot be assumed. */
    AwsCredentialsProvider forAccount(String accountId, CallerIdentity caller) {
        if (accountId.equals(caller.accountId())) {
            return own;
        }
        Session session = sessions.get(accountId);
        if (session != null && session.expiration().isAfter(clock.instant().plus(REFRESH_MARGIN))) {
            return session.credentials();
        }
        String roleArn = caller.roleArn(accountId, roleName);
        AssumeRoleResponse response = api.call("AssumeRole", accountId, () -> sts.assumeRole(r -> r
                .roleArn(roleArn)
                .roleSessionName(SESSION_NAME)
                .durationSeconds((int) sessionDuration.toSeconds())
                .externalId(externalId.isEmpty() ? null : externalId)
                .overrideConfiguration(RequestOverrides.of(metrics.sdkPublisher()))));
        Credentials c = response.credentials();
        Instant expiration = c.expiration() == null ? clock.instant().plus(sessionDuration) : c.expiration();
        Session fresh = new Session(StaticCredentialsProvider.create(
                AwsSessionCredentials.builder()
                        .accessKeyId(c.accessKeyId())
                        .secretAccessKey(c.secretAccessKey())
                        .sessionToken(c.sessionToken())
                        .expirationTime(expiration)
                        .accountId(accountId)
                        .build()), expiration);
        sessions.put(accountId, fresh);
        LOGGER.debug("assumed member role account={} expires={}", accountId, expiration);
        return fresh.credentials();
    }

    /** Forgets the account's session (it was rejected as expired or invalid); the next read assumes a new one. */
    void invalidate(String accountId) {
        sessions.remove(accountId);
    }

    /** Forgets the sessions of accounts no longer read. */
    void retainOnly(java.util.Set<String> accountIds) {
        sessions.keySet().retainAll(accountIds);
    }

    private record Session(AwsCredentialsProvider credentials, Instant expiration) {
    }
}
