package dev.rootwatch.collector.posture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AccountPollsTest {

    static final String ACCOUNT = "123456789012";

    final ExecutorService workers = Executors.newFixedThreadPool(4);
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    final List<Long> reads = new CopyOnWriteArrayList<>();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    volatile CountDownLatch gate = new CountDownLatch(0);

    @AfterEach
    void stop() {
        workers.shutdownNow();
        timer.shutdownNow();
    }

    private void read(String accountId) {
        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            reads.add(System.nanoTime());
            gate.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running.decrementAndGet();
        }
    }

    private AccountPolls polls(Duration debounce) {
        return new AccountPolls(workers, timer, this::read, debounce);
    }

    @Test
    void readsAtOnceWithoutWaitingForTheWindow() {
        // Given a one-minute window
        AccountPolls polls = polls(Duration.ofMinutes(1));

        // When one refresh is requested
        polls.refresh(ACCOUNT);

        // Then the account is read long before the window ends
        await().atMost(Duration.ofSeconds(20)).until(() -> reads.size() == 1);
    }

    @Test
    void confirmsOnceWhenTheWindowEndsNeverBefore() {
        // Given a one-second window
        AccountPolls polls = polls(Duration.ofSeconds(1));
        long asked = System.nanoTime();

        // When one refresh is requested
        polls.refresh(ACCOUNT);

        // Then the account is read a second time, not before the window ended, and not again
        await().atMost(Duration.ofSeconds(20)).until(() -> reads.size() == 2);
        assertThat(Duration.ofNanos(reads.get(1) - asked)).isGreaterThanOrEqualTo(Duration.ofMillis(990));
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> reads.size() == 2);
    }

    @Test
    void coalescesABurstOfRequestsWithinTheWindow() {
        // Given a 300 ms window
        AccountPolls polls = polls(Duration.ofMillis(300));

        // When ten refreshes arrive together
        for (int i = 0; i < 10; i++) {
            polls.refresh(ACCOUNT);
        }

        // Then the account is read twice: at once and at the end of the window
        await().during(Duration.ofMillis(900)).atMost(Duration.ofSeconds(3)).until(() -> reads.size() == 2);
    }

    @Test
    void neverReadsOneAccountTwiceAtOnceAndReadsAgainAfterARequestDuringARead() throws Exception {
        // Given a read that hangs until released
        gate = new CountDownLatch(1);
        AccountPolls polls = polls(Duration.ZERO);
        CompletableFuture<Void> sweep = polls.read(ACCOUNT);
        await().until(() -> reads.size() == 1);

        // When the sweep asks again and three refreshes arrive while it runs
        CompletableFuture<Void> joined = polls.read(ACCOUNT);
        polls.refresh(ACCOUNT);
        polls.refresh(ACCOUNT);
        polls.refresh(ACCOUNT);
        gate.countDown();

        // Then the sweep's second ask joined the first read, and the refreshes made exactly one more read after it
        assertThat(joined).isSameAs(sweep);
        sweep.get(2, TimeUnit.SECONDS);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> reads.size() == 2);
        assertThat(mostAtOnce.get()).isEqualTo(1);
    }

    @Test
    void readsDifferentAccountsSideBySide() {
        // Given reads that hang until released
        gate = new CountDownLatch(1);
        AccountPolls polls = polls(Duration.ofSeconds(2));

        // When two accounts are refreshed
        polls.refresh("111111111111");
        polls.refresh("222222222222");

        // Then both are read at the same time (each read hangs until released)
        await().atMost(Duration.ofSeconds(20)).until(() -> running.get() == 2);
        gate.countDown();
    }
}
