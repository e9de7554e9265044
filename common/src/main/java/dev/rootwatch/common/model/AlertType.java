package dev.rootwatch.common.model;

import java.util.List;

/**
 * The detection catalogue's alert types, each with the facts a responder reads in every alert
 * of that type: default severity, what triggers it, the controls it maps to and a runbook line.
 */
public enum AlertType {
    ROOT_MFA_DISABLED(Severity.CRITICAL,
            "IAM posture says the account is NON_COMPLIANT: root has no MFA (a root without password or keys counts too, unless the organization uses centralized root access: it can recover a password by email); re-notified every 4 hours while open; RESOLVED when a later posture is COMPLIANT or NOT_APPLICABLE",
            Controls.ROOT_MFA,
            "Sign in as root, open Security credentials and assign an MFA device (authenticator app, hardware token or passkey); under centralized root access, remove the member's root credentials instead."),
    ROOT_HARDWARE_MFA_MISSING(Severity.LOW,
            "posture: root MFA is enabled and a virtual MFA device belongs to root (the verdict of AWS Config's root-account-hardware-mfa-enabled); RESOLVED when root MFA is enabled and no virtual device belongs to root",
            Controls.ROOT_HARDWARE_MFA,
            "Sign in as root, add a hardware token or passkey and remove root's virtual device; keep the token in a safe place known to more than one person."),
    ROOT_MFA_DEVICE_DEACTIVATED(Severity.CRITICAL,
            "a successful DeactivateMFADevice whose target is one of root's devices",
            Controls.ROOT_MFA,
            "Confirm with the account owner that root's MFA was removed on purpose; if not, treat the account as compromised: reset the root password, re-assign MFA and review root activity."),
    ROOT_MFA_DEVICE_DELETED(Severity.HIGH,
            "a successful DeleteVirtualMFADevice of one of root's devices",
            Controls.ROOT_MFA,
            "Check that root still has another MFA device; if not, sign in as root and assign one now, and find out who deleted the device."),
    ROOT_CONSOLE_LOGIN_WITHOUT_MFA(Severity.CRITICAL,
            "a successful root ConsoleLogin without MFA",
            Controls.ROOT_MFA,
            "Reach the account owner now: a root sign-in without MFA means anyone with the password owns the account. Reset the root password and assign MFA."),
    ROOT_CONSOLE_LOGIN(Severity.HIGH,
            "a successful root ConsoleLogin with MFA",
            List.of(),
            "Confirm the sign-in with the person who holds root's credentials; root should only be used for the few tasks that need it."),
    ROOT_CONSOLE_LOGIN_FAILURES(Severity.HIGH,
            "5 or more failed root ConsoleLogin attempts for one account within 15 minutes of event time; one incident per burst: FIRING at the threshold, RESOLVED with the final count when the burst ends",
            List.of(),
            "Someone is trying root's password: confirm root has MFA, consider rotating the root password, and look at the source addresses."),
    ROOT_TAKEOVER_SEQUENCE(Severity.CRITICAL,
            "a successful root console login and, within 30 minutes after it by event time, root MFA deactivated or deleted, whichever arrives first",
            Controls.ROOT_MFA,
            "Treat as an account takeover in progress: contact the owner out of band, reset the root password through account recovery, re-assign MFA and review everything root did."),
    ROOT_MFA_STATE_UNEXPLAINED(Severity.HIGH,
            "posture goes from MFA enabled to disabled with no root MFA deactivation or deletion event in the 60 minutes before (a late event within the grace still explains it)",
            Controls.ROOT_MFA,
            "Root MFA changed without CloudTrail showing it: check that CloudTrail delivery to rootwatch works, then re-assign root MFA."),
    ROOT_CREDENTIAL_CHANGE(Severity.HIGH,
            "root password updated or recovered, an access key created for root, or a login profile created without userName by a Root identity (AssumeRoot)",
            List.of(),
            "Confirm the change with the owner of root's credentials; root should have no access keys."),
    ROOT_ACTIVITY(Severity.MEDIUM,
            "any other root API call (CIS root-usage filter; not sign-ins, not calls another alert reports); one incident per root session (account, access key) per hour: FIRING at its first call, RESOLVED at the hour's end with the call count and first eventIds",
            List.of(),
            "Find out who is using root and why (the alert names the session's access key, address and calls); routine work belongs to IAM roles."),
    ROOT_MFA_DEVICE_ENABLED(Severity.INFO,
            "a successful EnableMFADevice for root",
            Controls.ROOT_MFA,
            "No action needed if expected: root gained an MFA device."),
    CLOUDTRAIL_TAMPERING(Severity.HIGH,
            "a successful call, by any actor, that stops, deletes or narrows what CloudTrail records: StopLogging, DeleteTrail, UpdateTrail or PutEventSelectors that drop coverage rootwatch reads, a CloudTrail Lake event data store deleted or stopped, CloudTrail's trusted access or delegated administrator removed from the organization; one alert per call, `details.change` names what was weakened (docs/trail-tampering.md); CRITICAL when made as root or within 30 minutes after a root console sign-in without MFA, naming the sign-in",
            List.of(),
            "Someone is switching off or narrowing the audit trail rootwatch relies on: restore the trail (logging on, multi-region, global service events, all management events) and find out who did it."),
    PIPELINE_TAMPERING(Severity.HIGH,
            "a successful call, by any actor, that cuts the pipeline feeding rootwatch, on a resource the configuration names: an EventBridge rule disabled, deleted, stripped of targets or re-patterned; an SQS queue deleted, purged or given a new policy; a policy, lifecycle or notification change on the trail's bucket; the trail's KMS key disabled or scheduled for deletion; one alert per call, `details.resource` names it",
            List.of(),
            "Someone is cutting what carries CloudTrail to rootwatch: restore the rule, queue, bucket setting or key the alert names (cancel a key deletion with CancelKeyDeletion) and find out who did it."),
    TELEMETRY_SILENT(Severity.HIGH,
            "live mode only, by wall clock: no CloudTrail event at all (or from a configured account) for a configured time; RESOLVED when events flow again",
            List.of(),
            "rootwatch is blind for this source: check the trail, the queue and the collector.");

    private final Severity defaultSeverity;
    private final String trigger;
    private final List<String> controls;
    private final String runbook;

    AlertType(Severity defaultSeverity, String trigger, List<String> controls, String runbook) {
        this.defaultSeverity = defaultSeverity;
        this.trigger = trigger;
        this.controls = controls;
        this.runbook = runbook;
    }

    public Severity defaultSeverity() {
        return defaultSeverity;
    }

    /** What makes this alert fire, in one line (the README's alert table shows it). */
    public String trigger() {
        return trigger;
    }

    public List<String> controls() {
        return controls;
    }

    public String runbook() {
        return runbook;
    }

    /**
     * Whether an incident of this type is a state that lasts until a RESOLVED says it ended (root
     * without MFA, root without hardware MFA, silent telemetry), rather than an event. Live, such an
     * incident is sent again every {@code evaluator.incidentRefresh} to sinks that expire alerts
     * (Alertmanager), so it stays active there for as long as it is open.
     */
    public boolean lasting() {
        return this == ROOT_MFA_DISABLED || this == ROOT_HARDWARE_MFA_MISSING || this == TELEMETRY_SILENT;
    }

    /** What Alertmanager shows of an alert of this type, in one line (the README's alert table shows it). */
    public String inAlertmanager() {
        if (lasting()) {
            return "active until RESOLVED: re-posted every `evaluator.incidentRefresh` with `endsAt` ahead";
        }
        if (this == ROOT_CONSOLE_LOGIN_FAILURES || this == ROOT_ACTIVITY) {
            return "active until its RESOLVED or `resolve_timeout`, whichever comes first";
        }
        return "one-shot: expires after `resolve_timeout`";
    }

    private static final class Controls {
        static final List<String> ROOT_MFA = List.of("CIS AWS Foundations v7.0.0 2.5", "Security Hub IAM.9");
        static final List<String> ROOT_HARDWARE_MFA = List.of("CIS AWS Foundations v7.0.0 2.6", "Security Hub IAM.6");
    }
}
