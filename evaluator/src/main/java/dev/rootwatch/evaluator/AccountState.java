package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.Compliance;
import dev.rootwatch.common.model.MfaDevice;
import dev.rootwatch.common.model.Posture;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the evaluator remembers about one account, stored as JSON in the account store: the
 * latest posture (null until one arrives), the serial numbers known to be root's devices, and the
 * account's event time. Immutable: detections read it, the processor replaces it.
 *
 * @param accountId   the 12-digit account id
 * @param posture     the latest posture of the account, or null
 * @param rootSerials every serial any posture listed for root, plus serials of MFA events judged
 *                    to target root; oldest first, at most {@link #MAX_ROOT_SERIALS}
 * @param clock       the account's event time: the latest CloudTrail eventTime seen for it, or null.
 *                    Per account, so that what one account's events conclude never depends on
 *                    which other accounts share its partition
 * @param rootLinks   recent root sign-ins without MFA and trail weakenings, to link the two (CLOUDTRAIL_TAMPERING)
 */
record AccountState(String accountId, Posture posture, List<String> rootSerials, Instant clock, RootLinks rootLinks) {

    /** Root may hold up to 8 devices; this bounds the history of replaced ones. */
    static final int MAX_ROOT_SERIALS = 64;

    AccountState {
        Objects.requireNonNull(accountId, "accountId");
        rootSerials = bounded(rootSerials == null ? List.of() : rootSerials);
        rootLinks = rootLinks == null ? RootLinks.empty() : rootLinks;
    }

    static AccountState empty(String accountId) {
        return new AccountState(accountId, null, List.of(), null, RootLinks.empty());
    }

    boolean knowsRootSerial(String serialNumber) {
        return serialNumber != null && rootSerials.contains(serialNumber);
    }

    Optional<Posture> latestPosture() {
        return Optional.ofNullable(posture);
    }

    /** The compliance of the latest posture; null where no posture has been seen yet. */
    Compliance postureCompliance() {
        return posture == null ? null : posture.compliance();
    }

    /** A copy with {@code next} as the latest posture and every serial it lists remembered as root's. */
    AccountState withPosture(Posture next) {
        List<String> serials = new ArrayList<>(rootSerials);
        for (MfaDevice device : next.devices()) {
            if (device.serialNumber() != null && !device.serialNumber().isBlank()) {
                serials.add(device.serialNumber());
            }
        }
        return new AccountState(accountId, next, serials, clock, rootLinks);
    }

    /** A copy without a posture (the account is no longer read); the serials learnt stay root's. */
    AccountState withoutPosture() {
        return new AccountState(accountId, null, rootSerials, clock, rootLinks);
    }

    /** A copy that remembers {@code serialNumber} as one of root's devices. */
    AccountState withRootSerial(String serialNumber) {
        if (serialNumber == null || serialNumber.isBlank() || knowsRootSerial(serialNumber)) {
            return this;
        }
        List<String> serials = new ArrayList<>(rootSerials);
        serials.add(serialNumber);
        return new AccountState(accountId, posture, serials, clock, rootLinks);
    }

    /** A copy whose event time has reached {@code eventTime} (it never goes back). */
    AccountState withEventTime(Instant eventTime) {
        if (clock != null && !eventTime.isAfter(clock)) {
            return this;
        }
        return new AccountState(accountId, posture, rootSerials, eventTime, rootLinks);
    }

    /** A copy remembering {@code links}. */
    AccountState withRootLinks(RootLinks links) {
        return links.equals(rootLinks) ? this : new AccountState(accountId, posture, rootSerials, clock, links);
    }

    private static List<String> bounded(List<String> serials) {
        // first seen stays first, repeats collapse; beyond the bound the oldest go
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(serials));
        int excess = distinct.size() - MAX_ROOT_SERIALS;
        return List.copyOf(excess > 0 ? distinct.subList(excess, distinct.size()) : distinct);
    }
}
