package dev.rootwatch.common.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Configuration of IAM posture polling ({@code posture.*}): which accounts, how they are reached,
 * how often they are read. Each key is declared once below and registered in {@link Settings};
 * {@link #from(Config)} gives the validated values, and start-up fails there with a message that
 * names the key.
 *
 * @param enabled              whether the collector polls posture at all
 * @param mode                 which accounts are read
 * @param accounts             the account ids of {@link Mode#ACCOUNTS} mode (empty otherwise)
 * @param roleName             the role assumed in every account other than the caller's own
 * @param externalId           the external ID sent with sts:AssumeRole, empty for none; not a secret, never logged
 * @param sessionDuration      lifetime of an assumed-role session
 * @param interval             time between the starts of two sweeps
 * @param jitter               largest random delay added to each sweep start
 * @param concurrency          accounts read at the same time
 * @param heartbeat            an unchanged posture is published again after this long
 * @param refreshDebounce      event-triggered refreshes of one account are coalesced over this window
 * @param credentialReportWait longest wait for a credential report to be generated
 * @param throttleRetries      retries of a call AWS still throttles after the SDK's own retries
 * @param region               STS region (and partition of the default Organizations endpoint); empty: SDK resolution
 * @param iamEndpoint          explicit IAM endpoint; empty: SDK resolution
 * @param stsEndpoint          explicit STS endpoint; empty: SDK resolution
 * @param organizationsEndpoint explicit Organizations endpoint; empty: environment, then the partition's default
 */
public record PostureSettings(
        boolean enabled,
        Mode mode,
        List<String> accounts,
        String roleName,
        String externalId,
        Duration sessionDuration,
        Duration interval,
        Duration jitter,
        int concurrency,
        Duration heartbeat,
        Duration refreshDebounce,
        Duration credentialReportWait,
        int throttleRetries,
        String region,
        String iamEndpoint,
        String stsEndpoint,
        String organizationsEndpoint) {

    /** Which accounts the poller reads. */
    public enum Mode {
        /** The account of the current credentials (sts:GetCallerIdentity). */
        SINGLE,
        /** The account ids listed in {@code posture.accounts}. */
        ACCOUNTS,
        /** Every ACTIVE account of the AWS Organization (organizations:ListAccounts). */
        ORGANIZATION;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    /** A role name, optionally behind a path: {@code [\w+=,.@-]+} segments joined by {@code /}. */
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}|[\\w+=,.@-]+(/[\\w+=,.@-]+)*/[\\w+=,.@-]{1,64}");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

    public static final Setting<Boolean> ENABLED = new Setting<>("posture.enabled", "boolean", true, ValueParsers::bool,
            "Poll IAM for the root-MFA posture of the accounts below and publish it to the posture topic.");
    public static final Setting<Mode> MODE = new Setting<>("posture.mode", "single / accounts / organization", Mode.SINGLE,
            ValueParsers.enumOf(Mode.class),
            "Which accounts: `single` the account of the current AWS credentials; `accounts` those in `posture.accounts`;"
                    + " `organization` every ACTIVE account of the AWS Organization (run from the management or delegated-administrator account).");
    public static final Setting<List<String>> ACCOUNTS = new Setting<>("posture.accounts", "list of account ids", List.of(),
            ValueParsers.jsonList(String.class),
            "Account ids (12 digits, quoted) read in `accounts` mode, e.g. `[\"111122223333\"]`.");
    public static final Setting<String> ROLE_NAME_SETTING = new Setting<>("posture.roleName", "role name", "RootwatchPostureReader",
            ValueParsers::text,
            "Role assumed in every account other than the current one (`arn:<partition>:iam::<account>:role/<name>`); see docs/posture.md.");
    public static final Setting<String> EXTERNAL_ID_SETTING = new Setting<>("posture.externalId", "text", "",
            ValueParsers::text,
            "External ID sent with sts:AssumeRole when the role's trust policy requires one (never logged). Empty: none.");
    public static final Setting<Duration> SESSION_DURATION = new Setting<>("posture.sessionDuration", "duration", Duration.ofMinutes(15),
            ValueParsers::duration,
            "Lifetime of assumed-role sessions (15m to 12h, within the role's maximum); a session is reused until 5 minutes before it expires.");
    public static final Setting<Duration> INTERVAL = new Setting<>("posture.interval", "duration", Duration.ofMinutes(15),
            ValueParsers::duration, "Time between the starts of two full sweeps of every account.");
    public static final Setting<Duration> JITTER = new Setting<>("posture.jitter", "duration", Duration.ofMinutes(1),
            ValueParsers::duration,
            "Up to this much random delay is added to each sweep's start, so that instances do not call IAM in lockstep; less than the interval.");
    public static final Setting<Integer> CONCURRENCY = new Setting<>("posture.concurrency", "integer", 8,
            ValueParsers::integer, "Accounts read at the same time (1 to 64).");
    public static final Setting<Duration> HEARTBEAT = new Setting<>("posture.heartbeat", "duration", Duration.ofHours(6),
            ValueParsers::duration,
            "A posture is published when its facts change, and an unchanged one again after this long.");
    public static final Setting<Duration> REFRESH_DEBOUNCE = new Setting<>("posture.refreshDebounce", "duration", Duration.ofSeconds(2),
            ValueParsers::duration,
            "An event-triggered refresh reads the account at once and once more at the end of this window (IAM is eventually"
                    + " consistent); further requests within the window are coalesced into that read. 0: read on every request.");
    public static final Setting<Duration> CREDENTIAL_REPORT_WAIT = new Setting<>("posture.credentialReportWait", "duration",
            Duration.ofMinutes(2), ValueParsers::duration,
            "Longest wait for IAM to generate a credential report; past it the root credential facts come from GetAccountSummary alone.");
    public static final Setting<Integer> THROTTLE_RETRIES = new Setting<>("posture.throttleRetries", "integer", 3,
            ValueParsers::integer,
            "Further attempts at a call AWS still throttles after the SDK's own retries, with exponential backoff (0 to 10).");
    public static final Setting<String> REGION_SETTING = new Setting<>("posture.region", "region", "",
            ValueParsers::text,
            "Region of the STS endpoint and partition of the Organizations endpoint. Empty: the SDK's resolution (`AWS_REGION`, profile), else us-east-1.");
    public static final Setting<String> IAM_ENDPOINT = new Setting<>("posture.endpoints.iam", "URL", "",
            ValueParsers::text,
            "IAM endpoint override. Empty: the SDK's resolution (`AWS_ENDPOINT_URL_IAM`, `AWS_ENDPOINT_URL`, profile, AWS).");
    public static final Setting<String> STS_ENDPOINT = new Setting<>("posture.endpoints.sts", "URL", "",
            ValueParsers::text,
            "STS endpoint override. Empty: the SDK's resolution (`AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL`, profile, AWS).");
    public static final Setting<String> ORGANIZATIONS_ENDPOINT = new Setting<>("posture.endpoints.organizations", "URL", "",
            ValueParsers::text,
            "Organizations endpoint override. Empty: `AWS_ENDPOINT_URL_ORGANIZATIONS`, `AWS_ENDPOINT_URL`, else the partition's endpoint"
                    + " (https://organizations.us-east-1.amazonaws.com).");

    public PostureSettings {
        Objects.requireNonNull(mode, "mode");
        accounts = List.copyOf(Objects.requireNonNull(accounts, "accounts"));
        roleName = Objects.requireNonNullElse(roleName, "");
        externalId = Objects.requireNonNullElse(externalId, "");
        region = Objects.requireNonNullElse(region, "");
        iamEndpoint = Objects.requireNonNullElse(iamEndpoint, "");
        stsEndpoint = Objects.requireNonNullElse(stsEndpoint, "");
        organizationsEndpoint = Objects.requireNonNullElse(organizationsEndpoint, "");
        List<String> problems = new ArrayList<>();
        validateAccounts(mode, accounts, problems);
        if (mode != Mode.SINGLE && !ROLE_NAME.matcher(roleName).matches()) {
            problems.add(ROLE_NAME_SETTING.key() + " must be a role name (letters, digits, +=,.@_- and an optional path)");
        }
        if (!externalId.isEmpty() && !EXTERNAL_ID.matcher(externalId).matches()) {
            // the value itself stays out of the message: it is not shown anywhere
            problems.add(EXTERNAL_ID_SETTING.key() + " must be 2 to 1224 characters of letters, digits and +=,.@:/-");
        }
        within(SESSION_DURATION, sessionDuration, Duration.ofMinutes(15), Duration.ofHours(12), problems);
        within(INTERVAL, interval, Duration.ofSeconds(1), Duration.ofDays(1), problems);
        within(JITTER, jitter, Duration.ZERO, Duration.ofDays(1), problems);
        if (jitter != null && interval != null && jitter.compareTo(interval) >= 0 && !jitter.isZero()) {
            problems.add(JITTER.key() + " must be less than " + INTERVAL.key());
        }
        if (concurrency < 1 || concurrency > 64) {
            problems.add(CONCURRENCY.key() + " must be between 1 and 64");
        }
        within(HEARTBEAT, heartbeat, Duration.ofSeconds(1), Duration.ofDays(7), problems);
        within(REFRESH_DEBOUNCE, refreshDebounce, Duration.ZERO, Duration.ofMinutes(1), problems);
        within(CREDENTIAL_REPORT_WAIT, credentialReportWait, Duration.ZERO, Duration.ofMinutes(15), problems);
        if (throttleRetries < 0 || throttleRetries > 10) {
            problems.add(THROTTLE_RETRIES.key() + " must be between 0 and 10");
        }
        if (!region.isEmpty() && !REGION.matcher(region).matches()) {
            problems.add(REGION_SETTING.key() + " must be a region name such as us-east-1");
        }
        endpoint(IAM_ENDPOINT, iamEndpoint, problems);
        endpoint(STS_ENDPOINT, stsEndpoint, problems);
        endpoint(ORGANIZATIONS_ENDPOINT, organizationsEndpoint, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException("invalid posture configuration: " + String.join("; ", problems));
        }
    }

    /** The validated posture settings of {@code config}; throws {@link ConfigException} naming every wrong key. */
    public static PostureSettings from(Config config) {
        return new PostureSettings(
                config.get(ENABLED),
                config.get(MODE),
                config.get(ACCOUNTS),
                config.get(ROLE_NAME_SETTING).trim(),
                config.get(EXTERNAL_ID_SETTING).trim(),
                config.get(SESSION_DURATION),
                config.get(INTERVAL),
                config.get(JITTER),
                config.get(CONCURRENCY),
                config.get(HEARTBEAT),
                config.get(REFRESH_DEBOUNCE),
                config.get(CREDENTIAL_REPORT_WAIT),
                config.get(THROTTLE_RETRIES),
                config.get(REGION_SETTING).trim(),
                config.get(IAM_ENDPOINT).trim(),
                config.get(STS_ENDPOINT).trim(),
                config.get(ORGANIZATIONS_ENDPOINT).trim());
    }

    /** The defaults. */
    public static PostureSettings defaults() {
        return from(Config.defaults());
    }

    static List<Setting<?>> all() {
        return List.of(ENABLED, MODE, ACCOUNTS, ROLE_NAME_SETTING, EXTERNAL_ID_SETTING, SESSION_DURATION, INTERVAL, JITTER,
                CONCURRENCY, HEARTBEAT, REFRESH_DEBOUNCE, CREDENTIAL_REPORT_WAIT, THROTTLE_RETRIES, REGION_SETTING,
                IAM_ENDPOINT, STS_ENDPOINT, ORGANIZATIONS_ENDPOINT);
    }

    public boolean hasExternalId() {
        return !externalId.isEmpty();
    }

    /** Never shows the external ID. */
    @Override
    public String toString() {
        return "PostureSettings[enabled=" + enabled + ", mode=" + mode + ", accounts=" + accounts.size()
                + ", roleName=" + roleName + ", externalId=" + (hasExternalId() ? "(set)" : "(none)")
                + ", sessionDuration=" + sessionDuration + ", interval=" + interval + ", jitter=" + jitter
                + ", concurrency=" + concurrency + ", heartbeat=" + heartbeat + ", refreshDebounce=" + refreshDebounce
                + ", credentialReportWait=" + credentialReportWait + ", throttleRetries=" + throttleRetries
                + ", region=" + region + ", iamEndpoint=" + iamEndpoint + ", stsEndpoint=" + stsEndpoint
                + ", organizationsEndpoint=" + organizationsEndpoint + "]";
    }

    private static void validateAccounts(Mode mode, List<String> accounts, List<String> problems) {
        if (mode == Mode.ACCOUNTS && accounts.isEmpty()) {
            problems.add(ACCOUNTS.key() + " must list at least one account id in accounts mode");
        }
        if (mode != Mode.ACCOUNTS && !accounts.isEmpty()) {
            problems.add(ACCOUNTS.key() + " is only read in accounts mode, but " + MODE.key() + " is " + mode);
        }
        Set<String> seen = new HashSet<>();
        for (String id : accounts) {
            if (id == null || !ACCOUNT_ID.matcher(id).matches()) {
                problems.add(ACCOUNTS.key() + " holds '" + id + "', which is not a 12-digit account id (quote ids in YAML)");
            } else if (!seen.add(id)) {
                problems.add(ACCOUNTS.key() + " lists " + id + " twice");
            }
        }
    }

    private static void within(Setting<Duration> setting, Duration value, Duration min, Duration max, List<String> problems) {
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            problems.add(setting.key() + " must be between " + ValueParsers.format(min) + " and " + ValueParsers.format(max));
        }
    }

    private static void endpoint(Setting<String> setting, String value, List<String> problems) {
        if (value.isEmpty()) {
            return;
        }
        try {
            URI uri = new URI(value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                problems.add(setting.key() + " must be an http or https URL");
            }
        } catch (URISyntaxException e) {
            problems.add(setting.key() + " must be an http or https URL");
        }
    }
}
