package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.Compliance;
import dev.rootwatch.common.model.Posture;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-account root-MFA gauges, exported from where the verdict is held: the evaluator's state.
 * Each evaluator instance exports the accounts of the partitions it owns, so across instances every
 * account is counted once, whichever way its posture reached the evaluator (a poller in this
 * process or another, the posture topic, a replayed record):
 * <ul>
 *   <li>{@code rootwatch_root_mfa_compliance{account_id, status}}: 1 for the account's current status
 *       ({@code compliant}, {@code non_compliant}, {@code not_applicable}, {@code unknown}), 0 for the others;</li>
 *   <li>{@code rootwatch_root_mfa_enabled{account_id}}: 1 where root has MFA, 0 where not, NaN while unknown;</li>
 *   <li>{@code rootwatch_posture_accounts{status}}: the accounts of this instance by status.</li>
 * </ul>
 * When a partition moves to another instance, its accounts' gauges go with it.
 */
final class PostureGauges {

    static final String COMPLIANCE = "rootwatch.root.mfa.compliance";
    static final String MFA_ENABLED = "rootwatch.root.mfa.enabled";
    static final String ACCOUNTS = "rootwatch.posture.accounts";

    private final MeterRegistry registry;
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();

    PostureGauges(MeterRegistry registry) {
        this.registry = registry;
        for (Compliance status : Compliance.values()) {
            Gauge.builder(ACCOUNTS, this, g -> g.count(status))
                    .description("Accounts by root-MFA compliance at their latest posture, of the partitions this evaluator owns")
                    .tag("status", label(status))
                    .register(registry);
        }
    }

    /** The label value of {@code status}: lowercase, as every label value of rootwatch's metrics. */
    static String label(Compliance status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    /** Sets the account's gauges to what {@code posture} says; {@code partition} is the one that holds the account. */
    void observe(int partition, Posture posture) {
        Account account = accounts.computeIfAbsent(posture.accountId(), id -> register(id, partition));
        account.partition = partition;
        account.mfaEnabled = posture.error() != null || posture.mfaEnabled() == null ? Double.NaN : (posture.mfaEnabled() ? 1.0 : 0.0);
        account.status = posture.compliance();
    }

    /** Removes the account's gauges: its posture was withdrawn. */
    void remove(String accountId) {
        Account account = accounts.remove(accountId);
        if (account != null) {
            account.meters.forEach(registry::remove);
        }
    }

    /** Removes the gauges of the accounts of {@code partition}: another instance owns it now, or the evaluator stops. */
    void forget(int partition) {
        accounts.entrySet().removeIf(entry -> {
            if (entry.getValue().partition != partition) {
                return false;
            }
            entry.getValue().meters.forEach(registry::remove);
            return true;
        });
    }

    private Account register(String accountId, int partition) {
        Account account = new Account(partition);
        account.meters.add(Gauge.builder(MFA_ENABLED, account, a -> a.mfaEnabled)
                .description("1 where the root user of the account has MFA, 0 where it has not, NaN while unknown")
                .tag("account_id", accountId)
                .register(registry));
        for (Compliance status : Compliance.values()) {
            account.meters.add(Gauge.builder(COMPLIANCE, account, a -> a.status == status ? 1.0 : 0.0)
                    .description("1 for the account's current root-MFA compliance status, 0 for the others")
                    .tag("account_id", accountId)
                    .tag("status", label(status))
                    .register(registry));
        }
        return account;
    }

    private double count(Compliance status) {
        return accounts.values().stream().filter(a -> a.status == status).count();
    }

    /** Strongly held gauge state (Micrometer holds gauge objects weakly). */
    private static final class Account {
        final List<Meter> meters = new ArrayList<>();
        volatile int partition;
        volatile double mfaEnabled = Double.NaN;
        volatile Compliance status = Compliance.UNKNOWN;

        Account(int partition) {
            this.partition = partition;
        }
    }
}
