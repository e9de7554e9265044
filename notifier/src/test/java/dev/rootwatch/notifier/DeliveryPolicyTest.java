package dev.rootwatch.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeliveryPolicyTest {

    @Test
    void defaultsToFiveAttemptsFrom200MillisDoubling() {
        DeliveryPolicy policy = DeliveryPolicy.defaults();

        assertThat(policy.maxAttempts()).isEqualTo(5);
        assertThat(policy.backoffBefore(1)).isZero();
        assertThat(policy.backoffBefore(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.backoffBefore(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(policy.backoffBefore(5)).isEqualTo(Duration.ofMillis(1600));
    }

    @Test
    void capsTheBackoffAtItsMaximum() {
        DeliveryPolicy policy = new DeliveryPolicy(100, Duration.ofSeconds(1), Duration.ofSeconds(5));

        assertThat(policy.backoffBefore(4)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.backoffBefore(5)).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.backoffBefore(100)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void rejectsAPolicyThatNeverTries() {
        assertThatThrownBy(() -> new DeliveryPolicy(0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAttempts");
    }
}
