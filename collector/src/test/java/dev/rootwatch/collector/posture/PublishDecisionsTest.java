package dev.rootwatch.collector.posture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootwatch.common.model.MfaDevice;
import dev.rootwatch.common.model.MfaDeviceType;
import dev.rootwatch.common.model.Posture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublishDecisionsTest {

    static final String ACCOUNT = "123456789012";

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-01T12:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final MovableClock clock = new MovableClock();
    final PublishDecisions decisions = new PublishDecisions(Duration.ofHours(6), clock);

    private Posture posture(boolean mfa) {
        return new Posture(null, ACCOUNT, clock.instant(), mfa,
                mfa ? List.of(new MfaDevice("arn:aws:iam::" + ACCOUNT + ":mfa/root-account-mfa-device", MfaDeviceType.VIRTUAL)) : List.of(),
                true, 0, false, null);
    }

    @Test
    void publishesTheFirstPostureOfAnAccount() {
        assertThat(decisions.decide(posture(true))).contains(PublishDecisions.CHANGE);
    }

    @Test
    void skipsAnUnchangedPostureReadLater() {
        decisions.decide(posture(true));
        clock.now = clock.now.plus(Duration.ofMinutes(15));

        assertThat(decisions.decide(posture(true))).as("observedAt alone differs").isEmpty();
    }

    @Test
    void publishesAChange() {
        decisions.decide(posture(true));
        clock.now = clock.now.plus(Duration.ofMinutes(15));

        assertThat(decisions.decide(posture(false))).contains(PublishDecisions.CHANGE);
    }

    @Test
    void publishesAnUnchangedPostureAtTheHeartbeat() {
        decisions.decide(posture(true));
        clock.now = clock.now.plus(Duration.ofHours(6));

        assertThat(decisions.decide(posture(true))).contains(PublishDecisions.HEARTBEAT);
        clock.now = clock.now.plus(Duration.ofMinutes(15));
        assertThat(decisions.decide(posture(true))).isEmpty();
    }

    @Test
    void treatsTheSameErrorAgainAsNoChange() {
        Posture denied = new Posture(null, ACCOUNT, clock.instant(), null, null, null, null, null, "sts:AssumeRole AccessDenied");
        decisions.decide(denied);

        assertThat(decisions.decide(new Posture(null, ACCOUNT, clock.instant().plusSeconds(900), null, null, null, null, null,
                "sts:AssumeRole AccessDenied"))).isEmpty();
        assertThat(decisions.decide(posture(true))).contains(PublishDecisions.CHANGE);
    }

    @Test
    void publishesAgainWhatKafkaDidNotAcknowledge() {
        Posture sent = posture(true);
        decisions.decide(sent);
        decisions.forget(sent);

        assertThat(decisions.decide(posture(true))).contains(PublishDecisions.CHANGE);
    }

    @Test
    void keepsANewerDecisionWhenAnOlderSendFails() {
        Posture older = posture(true);
        decisions.decide(older);
        decisions.decide(posture(false));
        decisions.forget(older);

        assertThat(decisions.decide(posture(false))).isEmpty();
    }
}
