package dev.rootwatch.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class DeliveryPolicyTest {

    @Test
    void defaultsToRetryingForADayFrom500MillisDoublingUpToAMinute() {
        DeliveryPolicy policy = DeliveryPolicy.defaults();

        assertThat(policy.maxAge()).isEqualTo(Duration.ofHours(24));
        assertThat(policy.backoffBefore(1)).isZero();
        assertThat(policy.backoffBefore(2)).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.backoffBefore(3)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.backoffBefore(9)).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.jitter()).isEqualTo(0.5);
        assertThat(policy.circuitFailures()).isEqualTo(5);
        assertThat(policy.circuitOpenDuration()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void capsTheBackoffAtItsMaximum() {
        DeliveryPolicy policy = new DeliveryPolicy(Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofSeconds(5));

        assertThat(policy.backoffBefore(4)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.backoffBefore(5)).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.backoffBefore(100)).isEqualTo(Duration.ofSeconds(5));
    }

    @RepeatedTest(20)
    void spreadsEachWaitByTheJitter() {
        DeliveryPolicy policy = new DeliveryPolicy(Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofSeconds(60)).withJitter(0.5);

        assertThat(policy.waitBefore(1, null)).isZero();
        assertThat(policy.waitBefore(3, null)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(3));
    }

    @Test
    void waitsAsLongAsTheReceiverAsksButNotForever() {
        DeliveryPolicy policy = new DeliveryPolicy(Duration.ofHours(1), Duration.ofMillis(10));

        assertThat(policy.waitBefore(2, Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
        assertThat(policy.waitBefore(2, Duration.ofMillis(1))).isEqualTo(Duration.ofMillis(10));
        assertThat(policy.waitBefore(2, Duration.ofDays(1))).isEqualTo(DeliveryPolicy.MAX_RETRY_AFTER);
    }

    @Test
    void rejectsAPolicyThatNeverRetries() {
        assertThatThrownBy(() -> new DeliveryPolicy(Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAge");
    }
}
