package dev.rootwatch.notifier;

/**
 * The fields of one {@code notifier.sinks} entry, documented once; the sink reference table is
 * generated from here, and a test keeps this list equal to the fields the configuration accepts.
 */
public enum SinkField {
    NAME("name", "all", "(required)",
            "Unique name, `[a-z0-9][a-z0-9_-]*` up to 40 characters: the `sink` label of metrics and the `source` of dead letters."
                    + " `console` and `file` are taken while `notifier.console.enabled` / `notifier.file.path` are on."),
    TYPE("type", "all", "(required)", "One of the types above."),
    URL("url", "pagerduty, alertmanager, webhook", "pagerduty: `" + SinkType.PAGERDUTY_EVENTS_URL + "`",
            "The receiver's `https://` URL (`http://` only to a loopback address, or with `allowPlainHttp`). Alertmanager:"
                    + " its base URL; `/api/v2/alerts` is appended. Never a URL that carries a secret: Slack and Teams URLs"
                    + " are secrets and come from `secretEnv` / `secretFile`."),
    PATH("path", "file", "(required)", "File to append to; created with its directories."),
    SECRET_ENV("secretEnv", "pagerduty, slack, teams, alertmanager, webhook", "",
            "Name of the environment variable holding the secret (see the table above); read at start-up, never logged."),
    SECRET_FILE("secretFile", "pagerduty, slack, teams, alertmanager, webhook", "",
            "Path of a file holding the secret (surrounding whitespace ignored). Give `secretEnv` or `secretFile`, not both."),
    MIN_SEVERITY("minSeverity", "all", "`INFO`", "Least severe alert delivered: CRITICAL, HIGH, MEDIUM, LOW or INFO."),
    TYPES("types", "all", "`[]`", "Alert types delivered, e.g. `[ROOT_MFA_DISABLED, ROOT_TAKEOVER_SEQUENCE]`; empty: every type."),
    ACCOUNTS("accounts", "all", "`[]`", "Account ids delivered, as quoted 12-digit strings; empty: every account."),
    TIMEOUT("timeout", "pagerduty, slack, teams, alertmanager, webhook", "`10s`", "Longest wait for one call of the receiver."),
    RATE_LIMIT_PER_SECOND("rateLimitPerSecond", "all", "per type, see above",
            "Most calls per second (Resilience4j rate limiter); below 1 spreads calls out (0.2: one every 5 s)."),
    SEND_RESOLVED("sendResolved", "all", "`true`", "Deliver RESOLVED alerts too (PagerDuty and Alertmanager close the incident with them)."),
    ALLOW_PLAIN_HTTP("allowPlainHttp", "alertmanager, webhook", "`false`",
            "Permit `http://` to a host other than loopback, e.g. an in-cluster Alertmanager; the traffic is then readable on the way."),
    LINK_URL("linkUrl", "pagerduty, slack, teams, alertmanager", "",
            "A link added to every message (a dashboard, a runbook page): PagerDuty `links`, Alertmanager `generatorURL`,"
                    + " a button in Slack and Teams.");

    private final String key;
    private final String appliesTo;
    private final String defaultText;
    private final String description;

    SinkField(String key, String appliesTo, String defaultText, String description) {
        this.key = key;
        this.appliesTo = appliesTo;
        this.defaultText = defaultText;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String appliesTo() {
        return appliesTo;
    }

    public String defaultText() {
        return defaultText;
    }

    public String description() {
        return description;
    }
}
