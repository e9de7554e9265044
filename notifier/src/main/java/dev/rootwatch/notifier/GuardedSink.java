package dev.rootwatch.notifier;

import dev.rootwatch.common.model.Alert;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * One sink as the notifier drives it: its route, whether it pages, and its Resilience4j circuit
 * breaker and (optional) rate limiter.
 *
 * <p>The circuit breaker counts only failures that say something about the receiver's health
 * (timeouts, connection errors, HTTP 5xx); a 4xx about one payload or a 429 throttle does not open it.
 */
final class GuardedSink {

    private final AlertSink sink;
    private final Route route;
    private final boolean pages;
    private final boolean expiresAlerts;
    private final CircuitBreaker circuitBreaker;
    private final RateLimiter rateLimiter;
    private volatile String lastFailure;

    GuardedSink(AlertSink sink, Route route, boolean pages, CircuitBreaker circuitBreaker, RateLimiter rateLimiter) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.route = Objects.requireNonNull(route, "route");
        this.pages = pages;
        this.expiresAlerts = sink instanceof RoutedSink routed && routed.spec().type() == SinkType.ALERTMANAGER
                || sink instanceof AlertmanagerSink;
        this.circuitBreaker = Objects.requireNonNull(circuitBreaker, "circuitBreaker");
        this.rateLimiter = rateLimiter;
    }

    /**
     * Guards {@code sink} under {@code policy}: a {@link RoutedSink} brings its route, paging and rate
     * limit; any other sink takes every alert, pages unless it is a console or file sink, and is not
     * rate limited.
     */
    static GuardedSink of(AlertSink sink, DeliveryPolicy policy) {
        Route route = Route.all();
        boolean pages = !(sink instanceof ConsoleSink || sink instanceof JsonLinesFileSink);
        Double rate = null;
        if (sink instanceof RoutedSink routed) {
            route = routed.spec().route();
            pages = routed.spec().type().pages();
            rate = routed.spec().rateLimitPerSecond();
        }
        return new GuardedSink(sink, route, pages, circuitBreaker(sink.name(), policy), rate == null ? null : rateLimiter(sink.name(), rate));
    }

    static CircuitBreaker circuitBreaker(String name, DeliveryPolicy policy) {
        int window = policy.circuitFailures();
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindow(window, window, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(100)
                .waitDurationInOpenState(policy.circuitOpenDuration())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(GuardedSink::countsAgainstReceiver)
                .writableStackTraceEnabled(false)
                .build();
        return CircuitBreaker.of(name, config);
    }

    static RateLimiter rateLimiter(String name, double perSecond) {
        RateLimiterConfig.Builder config = RateLimiterConfig.custom().timeoutDuration(Duration.ofHours(1));
        if (perSecond >= 1) {
            config.limitForPeriod((int) Math.round(perSecond)).limitRefreshPeriod(Duration.ofSeconds(1));
        } else {
            config.limitForPeriod(1).limitRefreshPeriod(Duration.ofNanos((long) (1_000_000_000L / perSecond)));
        }
        return RateLimiter.of(name, config.build());
    }

    private static boolean countsAgainstReceiver(Throwable failure) {
        if (failure instanceof DeliveryException e) {
            return e.retryable() && !e.throttled();
        }
        return true;
    }

    String name() {
        return sink.name();
    }

    AlertSink sink() {
        return sink;
    }

    CircuitBreaker circuitBreaker() {
        return circuitBreaker;
    }

    /** The last failed call's error (redacted), for the dead letters of alerts refused by an open circuit. */
    String lastFailure() {
        return lastFailure;
    }

    void lastFailure(String error) {
        lastFailure = error;
    }

    boolean pages() {
        return pages;
    }

    /**
     * Whether this sink gets {@code alert}: its route takes it, a suppressed alert never reaches a paging sink,
     * and a refresh of an open incident reaches only sinks that expire alerts (Alertmanager).
     */
    boolean takes(Alert alert, boolean suppressed) {
        return route.accepts(alert) && !(suppressed && pages) && (expiresAlerts || !AlertText.refresh(alert));
    }

    /**
     * Waits for the rate limiter's permission, or not at all without one.
     *
     * @return false when the notifier stopped while waiting
     */
    boolean awaitPermit(StopSignal stop) {
        if (rateLimiter == null) {
            return true;
        }
        while (true) {
            long nanos = rateLimiter.reservePermission();
            if (nanos == 0) {
                return true;
            }
            if (nanos > 0) {
                return stop.sleep(Duration.ofNanos(nanos));
            }
            // no permission within the limiter's timeout (cannot happen at one caller per sink): wait and ask again
            if (!stop.sleep(rateLimiter.getRateLimiterConfig().getLimitRefreshPeriod())) {
                return false;
            }
        }
    }
}
