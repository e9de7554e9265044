package dev.rootwatch.evaluator;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.DetectionSettings;
import dev.rootwatch.common.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The windows, thresholds and lifecycle timings of the detections (see {@link DetectionSettings}
 * for each key's meaning and default).
 *
 * @param grace                 how long event-time windows wait for late or out-of-order events
 * @param punctuationInterval   live mode: how often the wall clock closes due windows
 * @param maxEventIds           most eventIDs an aggregated alert lists
 * @param loginFailureThreshold failed root sign-ins that make a burst
 * @param loginFailureWindow    event-time window of a burst
 * @param takeoverWindow        longest sign-in to MFA removal time of a takeover sequence
 * @param unexplainedLookback   how far before a posture an MFA removal event explains it
 * @param rootActivityWindow    length of a root session's reporting slot
 * @param renotifyEvery         re-notification interval of an open ROOT_MFA_DISABLED; zero: never
 * @param silentAfter           live mode: silence that raises TELEMETRY_SILENT
 * @param silentAccounts        accounts watched one by one for silence; empty: the whole feed
 * @param incidentRefresh       live mode: how often an open lasting incident is sent again to sinks that expire alerts
 * @param tamperingRootSeverity severity a CLOUDTRAIL_TAMPERING alert linked with root is raised to
 */
public record DetectionParameters(
        Duration grace,
        Duration punctuationInterval,
        int maxEventIds,
        int loginFailureThreshold,
        Duration loginFailureWindow,
        Duration takeoverWindow,
        Duration unexplainedLookback,
        Duration rootActivityWindow,
        Duration renotifyEvery,
        Duration silentAfter,
        List<String> silentAccounts,
        Duration incidentRefresh,
        Severity tamperingRootSeverity) {

    public DetectionParameters {
        requirePositive(grace, "grace");
        requirePositive(punctuationInterval, "punctuationInterval");
        requirePositive(loginFailureWindow, "loginFailureWindow");
        requirePositive(takeoverWindow, "takeoverWindow");
        requirePositive(unexplainedLookback, "unexplainedLookback");
        requirePositive(rootActivityWindow, "rootActivityWindow");
        requirePositive(silentAfter, "silentAfter");
        requirePositive(incidentRefresh, "incidentRefresh");
        if (incidentRefresh.compareTo(Duration.ofSeconds(1)) < 0) {
            // each refresh gets an id of its own per interval (AlertDraft.refresh); Alertmanager needs no faster
            throw new IllegalArgumentException("incidentRefresh must be at least 1s, was " + incidentRefresh);
        }
        Objects.requireNonNull(renotifyEvery, "renotifyEvery");
        if (renotifyEvery.isNegative()) {
            throw new IllegalArgumentException("renotifyEvery must not be negative, was " + renotifyEvery);
        }
        if (maxEventIds < 1 || loginFailureThreshold < 1) {
            throw new IllegalArgumentException("maxEventIds and loginFailureThreshold must be at least 1");
        }
        silentAccounts = List.copyOf(silentAccounts);
        Objects.requireNonNull(tamperingRootSeverity, "tamperingRootSeverity");
    }

    /** Reads the parameters from validated configuration. */
    public static DetectionParameters from(Config config) {
        return new DetectionParameters(
                config.get(DetectionSettings.GRACE),
                config.get(DetectionSettings.PUNCTUATION_INTERVAL),
                config.get(DetectionSettings.MAX_EVENT_IDS),
                config.get(DetectionSettings.LOGIN_FAILURES_THRESHOLD),
                config.get(DetectionSettings.LOGIN_FAILURES_WINDOW),
                config.get(DetectionSettings.TAKEOVER_WINDOW),
                config.get(DetectionSettings.UNEXPLAINED_LOOKBACK),
                config.get(DetectionSettings.ROOT_ACTIVITY_WINDOW),
                config.get(DetectionSettings.RENOTIFY_EVERY),
                config.get(DetectionSettings.SILENT_AFTER),
                config.get(DetectionSettings.SILENT_ACCOUNTS),
                config.get(DetectionSettings.INCIDENT_REFRESH),
                config.get(DetectionSettings.TAMPERING_ROOT_SEVERITY));
    }

    /** The defaults of every parameter. */
    public static DetectionParameters defaults() {
        return from(Config.defaults());
    }

    /**
     * Until when an incident that is open now is known to be open: four refresh intervals ahead, so that a
     * refresh or two may be late or lost before a receiver that expires alerts lets it go.
     */
    public Instant openUntil(Instant now) {
        return now.plus(incidentRefresh.multipliedBy(4));
    }

    /** True where open ROOT_MFA_DISABLED incidents are re-notified. */
    public boolean renotifies() {
        return !renotifyEvery.isZero();
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be longer than zero, was " + duration);
        }
    }
}
