package dev.rootwatch.common.config;

import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.Severity;
import dev.rootwatch.common.model.SuppressionRule;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Configuration keys of the evaluator's detection windows, thresholds and lifecycle, and of its
 * suppression rules. Registered in {@link Settings}. Values are checked when the configuration is
 * loaded, so a bad one stops start-up with the key's name.
 */
public final class DetectionSettings {

    private static final String PREFIX = "evaluator.detections.";
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

    public static final Setting<Duration> GRACE = new Setting<>("evaluator.grace", "duration", Duration.ofMinutes(15),
            positive(ValueParsers::duration),
            "How long event-time windows and sequences wait for late or out-of-order CloudTrail events (by eventTime, per account) before they conclude; an event later than that still raises its own single-event alerts.");
    public static final Setting<Duration> PUNCTUATION_INTERVAL = new Setting<>("evaluator.punctuationInterval", "duration",
            Duration.ofSeconds(30), positive(ValueParsers::duration),
            "Live mode: how often the wall clock closes due windows, re-notifies open incidents and checks for silent telemetry.");
    public static final Setting<Duration> INCIDENT_REFRESH = new Setting<>("evaluator.incidentRefresh", "duration",
            Duration.ofMinutes(1), positive(ValueParsers::duration),
            "Live mode: how often an open ROOT_MFA_DISABLED, ROOT_HARDWARE_MFA_MISSING or TELEMETRY_SILENT incident is sent again to"
            + " sinks that expire alerts (Alertmanager), open until four of these later, so it stays active there until it is"
            + " RESOLVED; nobody is paged again. Checked every punctuation interval; at least 1s.");
    public static final Setting<Integer> MAX_EVENT_IDS = new Setting<>("evaluator.maxEventIds", "integer", 20,
            atLeastOne(), "Most CloudTrail eventIDs one aggregated alert (a login-failure burst, a root session) lists, earliest first; its count is always complete.");

    public static final Setting<Integer> LOGIN_FAILURES_THRESHOLD = new Setting<>(
            key(AlertType.ROOT_CONSOLE_LOGIN_FAILURES, "threshold"), "integer", 5, atLeastOne(),
            "Failed root console sign-ins of one account within the window that make a burst.");
    public static final Setting<Duration> LOGIN_FAILURES_WINDOW = new Setting<>(
            key(AlertType.ROOT_CONSOLE_LOGIN_FAILURES, "window"), "duration", Duration.ofMinutes(15),
            positive(ValueParsers::duration),
            "Event-time window of ROOT_CONSOLE_LOGIN_FAILURES; a burst ends when no failure follows its last one within the window (plus the grace).");
    public static final Setting<Duration> TAKEOVER_WINDOW = new Setting<>(
            key(AlertType.ROOT_TAKEOVER_SEQUENCE, "window"), "duration", Duration.ofMinutes(30),
            positive(ValueParsers::duration),
            "Longest event time from a root console sign-in to a root MFA deactivation or deletion that still makes a takeover sequence.");
    public static final Setting<Duration> UNEXPLAINED_LOOKBACK = new Setting<>(
            key(AlertType.ROOT_MFA_STATE_UNEXPLAINED, "lookback"), "duration", Duration.ofMinutes(60),
            positive(ValueParsers::duration),
            "How far before a posture that shows root MFA gone a root MFA deactivation or deletion event explains it.");
    public static final Setting<Duration> ROOT_ACTIVITY_WINDOW = new Setting<>(
            key(AlertType.ROOT_ACTIVITY, "window"), "duration", Duration.ofHours(1),
            positive(ValueParsers::duration),
            "Length of the event-time slots (aligned to UTC) a root session is reported in: one alert per account, access key and slot.");
    public static final Setting<Duration> RENOTIFY_EVERY = new Setting<>(
            key(AlertType.ROOT_MFA_DISABLED, "renotifyEvery"), "duration", Duration.ofHours(4),
            notNegative(ValueParsers::duration),
            "A ROOT_MFA_DISABLED incident still open after this long is notified again (same fingerprint, details.renotification = n), by wall clock live and by posture observedAt in replay. 0: never.");
    public static final Setting<Duration> SILENT_AFTER = new Setting<>(
            key(AlertType.TELEMETRY_SILENT, "after"), "duration", Duration.ofHours(24),
            positive(ValueParsers::duration),
            "Live mode: TELEMETRY_SILENT fires after this long (wall clock) without a CloudTrail event; the events topic carries only root, MFA and trail events, so keep it long.");
    public static final Setting<List<String>> SILENT_ACCOUNTS = new Setting<>(
            key(AlertType.TELEMETRY_SILENT, "accounts"), "list of account ids", List.of(), DetectionSettings::accounts,
            "Accounts whose silence is watched one by one. Empty: silence of the whole events topic is watched instead.");
    public static final Setting<Severity> TAMPERING_ROOT_SEVERITY = new Setting<>(
            key(AlertType.CLOUDTRAIL_TAMPERING, "rootSeverity"), "severity", Severity.CRITICAL,
            ValueParsers.enumOf(Severity.class),
            "Severity a CLOUDTRAIL_TAMPERING alert is raised to when the call was made as root, or within the"
            + " ROOT_TAKEOVER_SEQUENCE window after a root console sign-in without MFA in the same account (never below the"
            + " type's own severity); a sign-in that arrives after the call raises the same incident again.");
    public static final Setting<List<String>> PIPELINE_RULES = new Setting<>(
            key(AlertType.PIPELINE_TAMPERING, "eventBridgeRules"), "list of names or ARNs", List.of(),
            DetectionSettings::resources,
            "EventBridge rules that carry CloudTrail events to rootwatch's queues, by name or ARN: one disabled, deleted,"
            + " stripped of targets or given a new pattern or state (PutRule) raises PIPELINE_TAMPERING.");
    public static final Setting<List<String>> PIPELINE_QUEUES = new Setting<>(
            key(AlertType.PIPELINE_TAMPERING, "queues"), "list of names, URLs or ARNs", List.of(),
            DetectionSettings::resources,
            "SQS queues feeding rootwatch besides `collector.sqs.queueUrls`, which are always watched, by name, URL or ARN:"
            + " one deleted, purged or given a new access policy raises PIPELINE_TAMPERING.");
    public static final Setting<List<String>> PIPELINE_BUCKETS = new Setting<>(
            key(AlertType.PIPELINE_TAMPERING, "trailBuckets"), "list of names or ARNs", List.of(),
            DetectionSettings::resources,
            "S3 buckets the trail delivers its log files to, by name or ARN: a bucket policy put or deleted, or a lifecycle"
            + " or notification configuration put, raises PIPELINE_TAMPERING.");
    public static final Setting<List<String>> PIPELINE_KEYS = new Setting<>(
            key(AlertType.PIPELINE_TAMPERING, "trailKeys"), "list of key ARNs or ids", List.of(),
            DetectionSettings::resources,
            "KMS keys that encrypt the trail's log files, by key ARN or key id (not alias): one disabled or scheduled for"
            + " deletion raises PIPELINE_TAMPERING.");
    public static final Setting<List<SuppressionRule>> SUPPRESSIONS = new Setting<>("evaluator.suppressions",
            "list of rules", List.of(), ValueParsers.jsonList(SuppressionRule.class),
            "Suppression rules, each {accountId, sourceCidr, type, from, until, reason}: matching alerts are still emitted but marked details.suppressed=true with the reason, counted and logged; at least one of accountId, sourceCidr, type and a reason are required, until is the rule's expiry.");

    private DetectionSettings() {
    }

    static List<Setting<?>> all() {
        return List.of(GRACE, PUNCTUATION_INTERVAL, INCIDENT_REFRESH, MAX_EVENT_IDS,
                LOGIN_FAILURES_THRESHOLD, LOGIN_FAILURES_WINDOW, TAKEOVER_WINDOW, UNEXPLAINED_LOOKBACK,
                ROOT_ACTIVITY_WINDOW, RENOTIFY_EVERY, SILENT_AFTER, SILENT_ACCOUNTS, TAMPERING_ROOT_SEVERITY,
                PIPELINE_RULES, PIPELINE_QUEUES, PIPELINE_BUCKETS, PIPELINE_KEYS, SUPPRESSIONS);
    }

    private static String key(AlertType type, String name) {
        return PREFIX + type.name() + "." + name;
    }

    private static Function<String, Duration> positive(Function<String, Duration> parser) {
        return s -> {
            Duration d = parser.apply(s);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("'" + s + "' must be longer than zero");
            }
            return d;
        };
    }

    private static Function<String, Duration> notNegative(Function<String, Duration> parser) {
        return s -> {
            Duration d = parser.apply(s);
            if (d.isNegative()) {
                throw new IllegalArgumentException("'" + s + "' must not be negative");
            }
            return d;
        };
    }

    private static Function<String, Integer> atLeastOne() {
        return s -> {
            int n = ValueParsers.integer(s);
            if (n < 1) {
                throw new IllegalArgumentException("'" + s + "' must be at least 1");
            }
            return n;
        };
    }

    private static List<String> resources(String text) {
        List<String> resources = ValueParsers.jsonList(String.class).apply(text);
        for (String resource : resources) {
            if (resource == null || resource.isBlank()) {
                throw new IllegalArgumentException("a resource is a non-empty name, URL or ARN");
            }
        }
        return resources;
    }

    private static List<String> accounts(String text) {
        List<String> accounts = ValueParsers.jsonList(String.class).apply(text);
        for (String account : accounts) {
            if (account == null || !ACCOUNT.matcher(account).matches()) {
                throw new IllegalArgumentException("'" + account + "' is not a 12-digit account id");
            }
        }
        return accounts;
    }
}
