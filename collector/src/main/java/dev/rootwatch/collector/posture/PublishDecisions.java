package dev.rootwatch.collector.posture;

import dev.rootwatch.common.model.Posture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a posture just read is worth publishing: when its facts differ from the last published
 * one of the account (everything but {@code observedAt}), or the last one is older than the
 * heartbeat. Callers never handle one account on two threads at once.
 */
final class PublishDecisions {

    static final String CHANGE = "change";
    static final String HEARTBEAT = "heartbeat";

    private final Duration heartbeat;
    private final Clock clock;
    private final Map<String, Published> last = new ConcurrentHashMap<>();

    PublishDecisions(Duration heartbeat, Clock clock) {
        this.heartbeat = heartbeat;
        this.clock = clock;
    }

    /** The reason to publish {@code posture}, or empty; a reason given is remembered as published. */
    Optional<String> decide(Posture posture) {
        Instant now = clock.instant();
        Published previous = last.get(posture.accountId());
        String reason;
        if (previous == null || !sameFacts(previous.posture(), posture)) {
            reason = CHANGE;
        } else if (!previous.at().plus(heartbeat).isAfter(now)) {
            reason = HEARTBEAT;
        } else {
            return Optional.empty();
        }
        last.put(posture.accountId(), new Published(posture, now));
        return Optional.of(reason);
    }

    /** Forgets {@code posture} (Kafka did not acknowledge it), unless a newer one was decided since: the next read is published. */
    void forget(Posture posture) {
        last.computeIfPresent(posture.accountId(), (id, published) -> published.posture() == posture ? null : published);
    }

    void retainOnly(Set<String> accountIds) {
        last.keySet().retainAll(accountIds);
    }

    static boolean sameFacts(Posture a, Posture b) {
        return Objects.equals(a.accountId(), b.accountId())
                && Objects.equals(a.schema(), b.schema())
                && Objects.equals(a.mfaEnabled(), b.mfaEnabled())
                && Objects.equals(a.mfaDevices(), b.mfaDevices())
                && Objects.equals(a.rootPasswordPresent(), b.rootPasswordPresent())
                && Objects.equals(a.rootAccessKeysActive(), b.rootAccessKeysActive())
                && Objects.equals(a.centralRootAccess(), b.centralRootAccess())
                && Objects.equals(a.error(), b.error());
    }

    private record Published(Posture posture, Instant at) {
    }
}
