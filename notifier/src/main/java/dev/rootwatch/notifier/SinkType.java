package dev.rootwatch.notifier;

import java.net.URI;
import java.util.Locale;

/** The kinds of sink rootwatch can deliver to, with what each needs; the sink reference table is generated from here. */
public enum SinkType {
    CONSOLE("console", "One escaped line per alert on standard output.", UrlUse.NONE, SecretUse.NONE, null, false, null),
    FILE("file", "One `rootwatch.alert/v1` JSON line per alert appended to `path` (an audit trail).", UrlUse.NONE,
            SecretUse.NONE, null, false, null),
    PAGERDUTY("pagerduty", "PagerDuty Events API v2: `trigger` on FIRING, `resolve` on RESOLVED, `dedup_key` = the alert's"
            + " fingerprint; severity CRITICAL→critical, HIGH→error, MEDIUM→warning, LOW/INFO→info.", UrlUse.OPTIONAL,
            SecretUse.REQUIRED, "the integration's routing key", true, 2.0),
    SLACK("slack", "Slack incoming webhook, one Block Kit message per alert.", UrlUse.IN_SECRET, SecretUse.REQUIRED,
            "the webhook URL", true, 1.0),
    TEAMS("teams", "Microsoft Teams Workflows webhook (\"when a Teams webhook request is received\"), one Adaptive Card per alert.",
            UrlUse.IN_SECRET, SecretUse.REQUIRED, "the workflow's webhook URL", true, 1.0),
    ALERTMANAGER("alertmanager", "Prometheus Alertmanager API v2: `POST {url}/api/v2/alerts` with labels alertname, type,"
            + " severity, account_id, fingerprint, so routes and silences apply. An open incident is posted again every"
            + " `evaluator.incidentRefresh` with `endsAt` four refreshes ahead, so it stays active past `resolve_timeout`;"
            + " RESOLVED posts `endsAt` now; a one-shot alert is left to expire by `resolve_timeout`.", UrlUse.REQUIRED,
            SecretUse.OPTIONAL, "a bearer token, if a proxy in front of Alertmanager asks for one", true, 10.0),
    WEBHOOK("webhook", "Any endpoint: the `rootwatch.alert/v1` JSON, signed: `X-Rootwatch-Signature: v1=<hex HMAC-SHA256 of"
            + " timestamp + \".\" + body>`, `X-Rootwatch-Timestamp` (Unix seconds), `Idempotency-Key: <alertId>`.",
            UrlUse.REQUIRED, SecretUse.REQUIRED, "the HMAC-SHA256 key", true, 10.0);

    /** Where a sink type's URL comes from. */
    public enum UrlUse {
        NONE, OPTIONAL, REQUIRED, IN_SECRET
    }

    /** Whether a sink type needs a secret. */
    public enum SecretUse {
        NONE, OPTIONAL, REQUIRED
    }

    /** PagerDuty's Events API v2 endpoint (the EU service has its own: give it as {@code url}). */
    public static final URI PAGERDUTY_EVENTS_URL = URI.create("https://events.pagerduty.com/v2/enqueue");

    private final String wireName;
    private final String receiver;
    private final UrlUse url;
    private final SecretUse secret;
    private final String secretMeaning;
    private final boolean pages;
    private final Double defaultRateLimit;

    SinkType(String wireName, String receiver, UrlUse url, SecretUse secret, String secretMeaning, boolean pages,
             Double defaultRateLimit) {
        this.wireName = wireName;
        this.receiver = receiver;
        this.url = url;
        this.secret = secret;
        this.secretMeaning = secretMeaning;
        this.pages = pages;
        this.defaultRateLimit = defaultRateLimit;
    }

    /** The name written in the configuration's {@code type} field. */
    public String wireName() {
        return wireName;
    }

    public String receiver() {
        return receiver;
    }

    public UrlUse url() {
        return url;
    }

    public SecretUse secret() {
        return secret;
    }

    /** What the secret is, or null for types without one. */
    public String secretMeaning() {
        return secretMeaning;
    }

    /**
     * Whether this sink reaches people (pages, chat messages). Alerts the evaluator marked
     * suppressed are delivered only to sinks that do not.
     */
    public boolean pages() {
        return pages;
    }

    /** Calls per second at most unless configured, or null for no limit. */
    public Double defaultRateLimit() {
        return defaultRateLimit;
    }

    /** Whether the sink calls a receiver over HTTP. */
    public boolean http() {
        return this != CONSOLE && this != FILE;
    }

    /** The type named {@code name} in the configuration, or null. */
    public static SinkType fromWireName(String name) {
        if (name == null) {
            return null;
        }
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (SinkType type : values()) {
            if (type.wireName.equals(wanted)) {
                return type;
            }
        }
        return null;
    }
}
