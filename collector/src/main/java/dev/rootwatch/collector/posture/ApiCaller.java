package dev.rootwatch.collector.posture;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs one AWS API call: counts it by outcome, and when AWS still throttles it after the SDK's
 * own retries, waits (exponential backoff with jitter) and tries again, a bounded number of times.
 * A call that fails for good is thrown as an {@link ApiFailure}.
 */
final class ApiCaller {

    private static final Logger LOGGER = LoggerFactory.getLogger(ApiCaller.class);

    private final PostureMetrics metrics;
    private final int throttleRetries;
    private final Backoff backoff;

    ApiCaller(PostureMetrics metrics, int throttleRetries, Backoff backoff) {
        this.metrics = metrics;
        this.throttleRetries = throttleRetries;
        this.backoff = backoff;
    }

    <T> T call(String api, String accountId, Supplier<T> call) {
        for (int attempt = 0; ; attempt++) {
            try {
                T result = call.get();
                metrics.apiCall(api, ApiOutcome.SUCCESS);
                return result;
            } catch (SdkException e) {
                ApiFailure failure = ApiFailure.of(api, e);
                metrics.apiCall(api, failure.outcome());
                if (!failure.throttled() || attempt >= throttleRetries) {
                    throw failure;
                }
                Duration delay = backoff.jittered(attempt);
                LOGGER.info("aws call throttled api={} account={} code={} attempt={} retryInMs={}",
                        api, accountId, failure.code(), attempt + 1, delay.toMillis());
                Backoff.sleep(delay);
            }
        }
    }
}
