package dev.rootwatch.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogRateTest {

    private final AtomicLong nanos = new AtomicLong();
    private final LogRate rate = new LogRate(2, 3, nanos::get);

    @Test
    void letsABurstThroughThenHoldsBackAndSaysHowManyWhenTheRateAllowsAgain() {
        // Given a burst of 3 at 2 lines per second: the first three lines pass at once
        assertThat(rate.admit()).isZero();
        assertThat(rate.admit()).isZero();
        assertThat(rate.admit()).isZero();

        // When ten more come in the same instant, they are held back
        for (int i = 0; i < 10; i++) {
            assertThat(rate.admit()).isEqualTo(-1);
        }

        // Then half a second later one passes and says that ten were held back
        nanos.addAndGet(500_000_000L);
        assertThat(rate.admit()).isEqualTo(10);
        assertThat(rate.admit()).isEqualTo(-1);
        assertThat(LogRate.heldBack(10)).isEqualTo(" heldBack=10");
        assertThat(LogRate.heldBack(0)).isEmpty();
    }
}
