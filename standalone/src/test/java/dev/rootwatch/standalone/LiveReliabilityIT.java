package dev.rootwatch.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rootwatch run} under the faults a machine meets: {@code kill -9} at bad moments, SIGTERM
 * with a backlog, a receiver that fails or is slow. Each scenario runs the packaged jar as a child
 * process against a real SQS server and a recording webhook receiver, and counts the pages at the
 * receiver: every alert must arrive, none under two idempotency keys. The results are written to
 * {@code docs/reliability.md}.
 */
class LiveReliabilityIT {

    static final String SECTION = "live-scenarios";
    private static final Duration START = Duration.ofMinutes(2);
    private static final Duration DELIVERY = Duration.ofMinutes(3);
    /** {@code notifier.drainTimeout} in the rig's configuration. */
    private static final Duration DRAIN = Duration.ofSeconds(5);
    /** Beyond the drain: the evaluator committing, the broker closing, the JVM ending. */
    private static final Duration STOP_SLACK = Duration.ofSeconds(15);
    private static final Duration OUTAGE = Duration.ofSeconds(240);

    @TempDir
    Path dir;

    @Test
    void killedWhileStartingItDeliversEveryAlertAfterTheRestart() throws Exception {
        try (LiveRig rig = new LiveRig(dir, "")) {
            // Given 60 root logins waiting in the queue
            List<String> sent = rig.sendLogins(60);

            // When rootwatch starts, deletes its first messages, and is killed before it is ready
            JavaProcess first = rig.start();
            await().atMost(START).pollInterval(Duration.ofMillis(10))
                    .until(() -> rig.sqs().messagesLeft(rig.queue()) < sent.size() || JavaProcess.ready(rig.httpPort()));
            boolean readyAtKill = JavaProcess.ready(rig.httpPort());
            first.kill9();
            int deletedBeforeKill = sent.size() - rig.sqs().messagesLeft(rig.queue());

            // Then the restarted process delivers every alert, the deleted messages' ones included
            Instant restart = Instant.now();
            rig.start();
            rig.awaitAllDelivered(DELIVERY);
            DeliveryLedger ledger = ledger(rig, "kill-9-while-starting", "`kill -9` once the first SQS messages were deleted"
                    + (readyAtKill ? "" : ", before /readyz said ready") + " (" + deletedBeforeKill + " of 60 deleted); restart", restart);
            ReliabilityReport.record(SECTION, 1, ledger);
            assertNothingLostOrDoubled(rig, ledger);
        }
    }

    @Test
    void killedUnderLoadItDeliversEveryAlertAfterTheRestart() throws Exception {
        try (LiveRig rig = new LiveRig(dir, "")) {
            // Given rootwatch running, and root logins arriving ten a second
            JavaProcess first = rig.start();
            rig.awaitReady(START);
            ExecutorService sender = Executors.newSingleThreadExecutor();
            try {
                Future<?> sending = sender.submit(() -> {
                    for (int i = 0; i < 150; i++) {
                        rig.sendLogins(1);
                        sleep(Duration.ofMillis(100));
                    }
                });

                // When it is killed half way, and started again at once while logins keep coming
                await().atMost(START).until(() -> rig.sent().size() >= 75);
                first.kill9();
                Instant restart = Instant.now();
                rig.start();
                sending.get(2, TimeUnit.MINUTES);

                // Then every alert arrives, once
                rig.awaitAllDelivered(DELIVERY);
                DeliveryLedger ledger = ledger(rig, "kill-9-under-load", "`kill -9` while 10 logins a second arrive; restart at once",
                        restart);
                ReliabilityReport.record(SECTION, 2, ledger);
                assertNothingLostOrDoubled(rig, ledger);
            } finally {
                sender.shutdownNow();
            }
        }
    }

    @Test
    void killedWithABacklogForAFailingReceiverItDeliversTheBacklogAfterTheRestart() throws Exception {
        try (LiveRig rig = new LiveRig(dir, "")) {
            // Given a receiver that fails, and 20 alerts waiting for it
            rig.receiver().answer(503);
            rig.start();
            rig.awaitReady(START);
            List<String> sent = rig.sendLogins(20);
            await().atMost(DELIVERY).until(() -> rig.alertsEmitted() >= sent.size() && rig.sqs().messagesLeft(rig.queue()) == 0);
            await().atMost(DELIVERY).until(() -> !rig.receiver().calls().isEmpty());

            // When rootwatch is killed, and started again once the receiver works
            rig.processes().get(0).kill9();
            rig.receiver().answer(200);
            Instant restart = Instant.now();
            JavaProcess second = rig.start();

            // Then the backlog is delivered, and the restart left nothing behind but the data directory
            rig.awaitAllDelivered(DELIVERY);
            DeliveryLedger ledger = ledger(rig, "kill-9-with-backlog", "`kill -9` with 20 alerts waiting for a receiver answering 503;"
                    + " restart with the receiver healthy", restart);
            ReliabilityReport.record(SECTION, 3, ledger);
            assertNothingLostOrDoubled(rig, ledger);
            assertThat(rig.leftInTmp()).as("temporary directories left behind").isEmpty();
            assertThat(second.isAlive()).isTrue();
        }
    }

    @Test
    void sigtermWithABacklogExitsWithinTheDrainTimeAndDeliversTheBacklogAfterTheNextStart() throws Exception {
        try (LiveRig rig = new LiveRig(dir, "")) {
            // Given a receiver that fails, and 20 alerts waiting for it
            rig.receiver().answer(503);
            JavaProcess first = rig.start();
            rig.awaitReady(START);
            List<String> sent = rig.sendLogins(20);
            await().atMost(DELIVERY).until(() -> rig.alertsEmitted() >= sent.size() && rig.sqs().messagesLeft(rig.queue()) == 0);

            // When SIGTERM comes
            long asked = System.nanoTime();
            first.sigterm();
            Integer exit = first.awaitExit(DRAIN.plus(STOP_SLACK).plusSeconds(30));
            Duration took = Duration.ofNanos(System.nanoTime() - asked);

            // Then it exits 0 within the drain time and a few seconds, saying it kept the 20 alerts
            assertThat(exit).as("exit code; log:%n%s", rig.logs()).isZero();
            assertThat(took).isLessThan(DRAIN.plus(STOP_SLACK));
            assertThat(first.log()).contains("20 alerts pending delivery, kept in the data directory");
            // And the next start delivers them
            rig.receiver().answer(200);
            Instant restart = Instant.now();
            rig.start();
            rig.awaitAllDelivered(DELIVERY);
            DeliveryLedger ledger = ledger(rig, "sigterm-with-backlog", "SIGTERM with 20 alerts waiting for a receiver answering 503"
                    + " (exited 0 after " + seconds(took) + "); start again with the receiver healthy", restart);
            ReliabilityReport.record(SECTION, 4, ledger);
            assertNothingLostOrDoubled(rig, ledger);
        }
    }

    @Test
    void sigtermWhileASlowSinkIsBehindKeepsTheRestForTheNextStart() throws Exception {
        try (LiveRig rig = new LiveRig(dir, "      rateLimitPerSecond: 2\n")) {
            // Given a sink PagerDuty-slow (two calls a second) and 40 alerts for it
            JavaProcess first = rig.start();
            rig.awaitReady(START);
            List<String> sent = rig.sendLogins(40);
            await().atMost(DELIVERY).until(() -> rig.alertsEmitted() >= sent.size() && rig.receiver().calls().size() >= 4);

            // When SIGTERM comes while most are still waiting
            long asked = System.nanoTime();
            first.sigterm();
            Integer exit = first.awaitExit(DRAIN.plus(STOP_SLACK).plusSeconds(30));
            Duration took = Duration.ofNanos(System.nanoTime() - asked);

            // Then it exits 0 within the drain time and a few seconds, keeping what the sink had not taken yet
            assertThat(exit).as("exit code; log:%n%s", rig.logs()).isZero();
            assertThat(took).isLessThan(DRAIN.plus(STOP_SLACK));
            assertThat(first.log()).containsPattern("\\d+ alerts pending delivery, kept in the data directory");
            int before = rig.receiver().calls().size();
            Instant restart = Instant.now();
            rig.start();
            rig.awaitAllDelivered(DELIVERY);
            DeliveryLedger ledger = ledger(rig, "sigterm-slow-sink", "SIGTERM while a sink limited to 2 calls/s owed 40 alerts ("
                    + before + " delivered, exit 0 after " + seconds(took) + "); start again", restart);
            ReliabilityReport.record(SECTION, 5, ledger);
            assertNothingLostOrDoubled(rig, ledger);
        }
    }

    @Test
    void readyMeansAnEventArrivingNowBecomesAnAlertAtTheReceiver() throws Exception {
        try (LiveRig rig = new LiveRig(dir, "")) {
            // Given rootwatch starting
            JavaProcess process = rig.start();

            // When /readyz first says ready, a root login arrives at that moment
            rig.awaitReady(START);
            Duration startup = process.age();
            Instant ready = Instant.now();
            rig.sendLogins(1);

            // Then its alert reaches the receiver
            rig.awaitAllDelivered(Duration.ofSeconds(30));
            Duration firstAlert = Duration.between(ready, rig.receiver().calls().get(0).at());
            // and the process measured both moments itself
            await().atMost(Duration.ofSeconds(10)).until(() -> process.log().contains("first alert delivered millisAfterReady="));
            assertThat(process.log()).contains("rootwatch ready startupMillis=");
            ReliabilityReport.write("startup", "ready", java.util.Map.of("startSeconds", seconds(startup),
                    "readyToFirstAlertSeconds", seconds(firstAlert)));
            DeliveryLedger ledger = ledger(rig, "ready-to-first-alert", "a root login sent the moment /readyz first said 200 ("
                    + seconds(startup) + " after start); its alert arrived " + seconds(firstAlert) + " later", ready);
            ReliabilityReport.record(SECTION, 0, ledger);
            assertNothingLostOrDoubled(rig, ledger);
        }
    }

    @Test
    void aReceiverDownForFourMinutesCostsNoPage() throws Exception {
        try (LiveRig rig = new LiveRig(dir, "")) {
            // Given a receiver answering 503, with the default delivery policy (retries for a day)
            rig.receiver().answer(503);
            rig.start();
            rig.awaitReady(START);

            // When 40 root logins arrive during the first 20 seconds of a four-minute outage
            Instant outageStart = Instant.now();
            for (int i = 0; i < 40; i++) {
                rig.sendLogins(1);
                sleep(Duration.ofMillis(500));
            }
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> Duration.between(outageStart, Instant.now()).compareTo(OUTAGE) >= 0);
            rig.receiver().answer(200);
            Instant recovered = Instant.now();

            // Then every alert arrives once the receiver is back, none was given up
            rig.awaitAllDelivered(DELIVERY);
            long failedCalls = rig.receiver().calls().stream().filter(c -> !c.accepted()).count();
            DeliveryLedger ledger = ledger(rig, "receiver-down-240s", "the receiver answers 503 for 240 s while 40 alerts come ("
                    + failedCalls + " failed calls); then 200", recovered);
            ReliabilityReport.record(SECTION, 6, ledger);
            assertNothingLostOrDoubled(rig, ledger);
            assertThat(failedCalls).isPositive();
        }
    }

    static void assertNothingLostOrDoubled(LiveRig rig, DeliveryLedger ledger) {
        assertThat(ledger.lost()).as("lost; logs:%n%s", rig.logs()).isZero();
        assertThat(ledger.duplicated()).as("alerts under two idempotency keys").isZero();
        assertThat(ledger.deadLettered()).as("dead-lettered").isZero();
        assertThat(rig.receiver().calls()).allSatisfy(call -> assertThat(call.signatureValid()).as("HMAC signature").isTrue());
    }

    static DeliveryLedger ledger(LiveRig rig, String scenario, String done, Instant from) {
        List<RecordingReceiver.Call> calls = rig.receiver().calls();
        Instant last = calls.stream().filter(RecordingReceiver.Call::accepted).map(RecordingReceiver.Call::at)
                .max(Instant::compareTo).orElse(from);
        return DeliveryLedger.count(scenario, done, rig.sent(), calls, rig.deadLettered(), Duration.between(from, last));
    }

    static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
