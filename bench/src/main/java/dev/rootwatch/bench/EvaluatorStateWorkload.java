package dev.rootwatch.bench;

import dev.rootwatch.common.model.MfaDevice;
import dev.rootwatch.common.model.MfaDeviceType;
import dev.rootwatch.common.model.Posture;
import dev.rootwatch.common.model.TrailEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * What the last twenty minutes of an organization's active accounts look like to the evaluator,
 * account by account: an IAM posture (most accounts compliant, some without MFA, some unreadable, some
 * under centralized root access, a few losing MFA meanwhile) and a handful of root events
 * around it: failed and successful root sign-ins with and without MFA, a root console session's
 * calls, MFA device calls by root and by IAM users, now and then a root access key or a
 * StopLogging, and an occasional duplicate delivery. Enough for every store of the evaluator to
 * hold what an active account makes it hold, with open windows, open sessions and open incidents.
 *
 * <p>Deterministic: account {@code i} gets the same inputs for the same seed, whatever else is
 * generated, and nothing is remembered between accounts (the bench's own heap stays flat).
 */
final class EvaluatorStateWorkload {

    /** Where the evaluator's inputs go. */
    interface Sink {
        void posture(Posture posture);

        void event(TrailEvent event);
    }

    /** The kind of root MFA posture an account has. */
    enum Profile {
        /** MFA on, a hardware key: nothing to report. */
        COMPLIANT_HARDWARE,
        /** MFA on, only a virtual device: ROOT_HARDWARE_MFA_MISSING stays open. */
        COMPLIANT_VIRTUAL,
        /** No MFA: ROOT_MFA_DISABLED stays open and is re-notified. */
        NON_COMPLIANT,
        /** The account could not be read (access denied). */
        UNKNOWN,
        /** Centralized root access removed root's credentials. */
        NOT_APPLICABLE,
        /** Root deactivates its device after signing in; a later posture says MFA is off. */
        LOSES_MFA_IN_TRAIL,
        /** A later posture says MFA is off and the trail shows nothing: ROOT_MFA_STATE_UNEXPLAINED waits. */
        LOSES_MFA_SILENTLY
    }

    private static final String[][] ROOT_CALLS = {
        {"iam.amazonaws.com", "ListUsers"}, {"iam.amazonaws.com", "GetAccountSummary"},
        {"s3.amazonaws.com", "ListBuckets"}, {"account.amazonaws.com", "GetContactInformation"},
        {"billingconsole.amazonaws.com", "GetBillingPreferences"}, {"ec2.amazonaws.com", "DescribeRegions"},
        {"organizations.amazonaws.com", "DescribeOrganization"}, {"iam.amazonaws.com", "ListMFADevices"}};

    private final long seed;
    private final Instant now;
    private final EvaluatorStateTrail trail = new EvaluatorStateTrail();

    /**
     * @param seed the same seed gives the same inputs
     * @param now  the evaluator's wall clock: every account's activity ends a little before it
     */
    EvaluatorStateWorkload(long seed, Instant now) {
        this.seed = seed;
        this.now = now;
    }

    /** The 12-digit account id of account {@code index}. */
    static String accountId(int index) {
        return String.format("%012d", 300_000_000_000L + index);
    }

    /** The profile of account {@code index}. */
    Profile profile(int index) {
        return profile(random(index));
    }

    /** Sends account {@code index}'s posture and events, in the order the collector would produce them. */
    void feed(int index, Sink sink) {
        Random random = random(index);
        Profile profile = profile(random);
        String account = accountId(index);
        sink.posture(firstPosture(account, profile));

        List<TrailEvent> events = new ArrayList<>();
        String ip = "198.51." + random.nextInt(256) + "." + random.nextInt(256);
        String session = "ASIA" + Long.toHexString(random.nextLong()).toUpperCase();
        // the account's activity starts 19 to 23 minutes before now and ends before it: as in a live
        // evaluator, its windows, sequences and sessions are still open when the bench measures
        Instant at = now.minus(Duration.ofMinutes(23)).plusSeconds(random.nextInt(240));

        int failures = random.nextInt(100) < 10 ? 5 + random.nextInt(3) : random.nextInt(3);
        for (int i = 0; i < failures; i++) {
            at = at.plusSeconds(5 + random.nextInt(15));
            events.add(trail.rootSignIn(account, at, eventId(random), ip, false, false));
        }
        boolean withMfa = profile != Profile.NON_COMPLIANT && random.nextInt(100) < 90;
        at = at.plusSeconds(10 + random.nextInt(50));
        events.add(trail.rootSignIn(account, at, eventId(random), ip, true, withMfa));

        int calls = 2 + random.nextInt(5);
        for (int i = 0; i < calls; i++) {
            at = at.plusSeconds(10 + random.nextInt(80));
            String[] call = ROOT_CALLS[random.nextInt(ROOT_CALLS.length)];
            events.add(trail.rootCall(account, at, eventId(random), ip, session, call[0], call[1]));
        }
        at = mfaCalls(account, profile, random, ip, session, at, events);
        if (random.nextInt(100) < 2) {
            at = at.plusSeconds(20 + random.nextInt(40));
            events.add(trail.rootCreateAccessKey(account, at, eventId(random), ip, session,
                    "AKIA" + Long.toHexString(random.nextLong()).toUpperCase()));
        }
        if (random.nextInt(100) < 1) {
            at = at.plusSeconds(20 + random.nextInt(40));
            events.add(trail.stopLogging(account, at, eventId(random), "203.0.113." + random.nextInt(256)));
        }
        for (TrailEvent event : events) {
            sink.event(event);
        }
        if (random.nextInt(100) < 5) {
            // at-least-once delivery upstream: the same CloudTrail event arrives twice
            sink.event(events.get(random.nextInt(events.size())));
        }
        if (profile == Profile.LOSES_MFA_IN_TRAIL || profile == Profile.LOSES_MFA_SILENTLY) {
            // a refresh shortly before now: the change waits out the grace for a late explaining event
            Instant observed = now.minusSeconds(random.nextInt(120));
            sink.posture(posture(account, observed.isAfter(at) ? observed : at.plusSeconds(30), false, List.of(), null));
        }
    }

    /** MFA device calls: IAM users managing their own devices, root enabling or removing its own. */
    private Instant mfaCalls(String account, Profile profile, Random random, String ip, String session, Instant start,
                             List<TrailEvent> events) {
        Instant at = start;
        if (random.nextInt(100) < 40) {
            String user = "dev" + random.nextInt(50);
            at = at.plusSeconds(20 + random.nextInt(40));
            events.add(trail.mfaCall(account, at, eventId(random), ip, "AKIA" + account + "DEV", "EnableMFADevice", user,
                    user, "arn:aws:iam::" + account + ":mfa/" + user));
        }
        if (random.nextInt(100) < 10 && profile != Profile.NON_COMPLIANT) {
            at = at.plusSeconds(20 + random.nextInt(40));
            events.add(trail.mfaCall(account, at, eventId(random), ip, session, "EnableMFADevice", null, "AWS ROOT USER",
                    "arn:aws:iam::" + account + ":mfa/root-phone-2"));
        }
        if (profile == Profile.LOSES_MFA_IN_TRAIL) {
            at = at.plusSeconds(20 + random.nextInt(40));
            events.add(trail.mfaCall(account, at, eventId(random), ip, session, "DeactivateMFADevice", null, null,
                    rootVirtualSerial(account)));
        }
        return at;
    }

    private Posture firstPosture(String account, Profile profile) {
        Instant observed = now.minus(Duration.ofHours(2));
        return switch (profile) {
            case COMPLIANT_HARDWARE -> posture(account, observed, true,
                    List.of(new MfaDevice("GAHT" + account.substring(4), MfaDeviceType.HARDWARE),
                            new MfaDevice(rootVirtualSerial(account), MfaDeviceType.VIRTUAL)), null);
            case COMPLIANT_VIRTUAL, LOSES_MFA_IN_TRAIL, LOSES_MFA_SILENTLY -> posture(account, observed, true,
                    List.of(new MfaDevice(rootVirtualSerial(account), MfaDeviceType.VIRTUAL)), null);
            case NON_COMPLIANT -> posture(account, observed, false, List.of(), null);
            case UNKNOWN -> new Posture(Posture.SCHEMA, account, observed, null, null, null, null, null,
                    "AccessDenied: not authorized to perform iam:GetAccountSummary");
            case NOT_APPLICABLE -> new Posture(Posture.SCHEMA, account, observed, false, List.of(), false, 0, true, null);
        };
    }

    private static Posture posture(String account, Instant observed, boolean mfa, List<MfaDevice> devices, String error) {
        return new Posture(Posture.SCHEMA, account, observed, mfa, devices, true, 0, false, error);
    }

    private static String rootVirtualSerial(String account) {
        return "arn:aws:iam::" + account + ":mfa/root-account-mfa-device";
    }

    private static Profile profile(Random random) {
        int p = random.nextInt(100);
        if (p < 50) {
            return Profile.COMPLIANT_HARDWARE;
        }
        if (p < 65) {
            return Profile.COMPLIANT_VIRTUAL;
        }
        if (p < 80) {
            return Profile.NON_COMPLIANT;
        }
        if (p < 90) {
            return Profile.UNKNOWN;
        }
        if (p < 95) {
            return Profile.NOT_APPLICABLE;
        }
        return p < 98 ? Profile.LOSES_MFA_IN_TRAIL : Profile.LOSES_MFA_SILENTLY;
    }

    private Random random(int index) {
        return new Random(seed * 1_000_003L + index);
    }

    private static String eventId(Random random) {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }
}
