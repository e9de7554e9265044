package dev.rootwatch.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends root console sign-ins without MFA, each in an account of its own so each is its own
 * incident and must page exactly once, notes when each was sent, and reads back from the webhook
 * receiver when its alert arrived: the delay on-call would see, and whether any alert was lost
 * or delivered twice.
 */
final class LiveAlertProbe {

    /** The alert every probe event must raise, and its status. */
    static final String EXPECTED = "ROOT_CONSOLE_LOGIN_WITHOUT_MFA/FIRING";

    private final LiveSqs sqs;
    private final String queueUrl;
    private final LiveEvents events;
    private final LiveWebhookReceiver receiver;
    private final long firstAccount;
    private final Map<String, Long> sent = new ConcurrentHashMap<>();
    private final Map<String, Long> sentWall = new ConcurrentHashMap<>();

    /** @param firstAccount the account id of event 0; event i is in account {@code firstAccount + i} */
    LiveAlertProbe(LiveSqs sqs, String queueUrl, LiveEvents events, LiveWebhookReceiver receiver, long firstAccount) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.events = events;
        this.receiver = receiver;
        this.firstAccount = firstAccount;
    }

    /** A pacer (not started) that sends {@code count} probe events, {@code perSecond} a second. */
    LivePacer pacer(String name, int count, double perSecond) {
        return new LivePacer(name, perSecond, count, 2, this::sendOne);
    }

    /** Sends one probe event at once, in the account after the last one sent. */
    void sendNow() {
        sendOne(sent.size());
    }

    private void sendOne(long index) {
        String eventId = UUID.randomUUID().toString();
        String body = events.rootLoginWithoutMfa(String.format("%012d", firstAccount + index), eventId);
        sentWall.put(eventId, System.currentTimeMillis());
        sent.put(eventId, System.nanoTime()); // before the call: the latency includes the send itself
        try {
            sqs.send(queueUrl, body);
        } catch (RuntimeException e) {
            sent.remove(eventId);
            sentWall.remove(eventId);
            throw e;
        }
    }

    /** Waits until an alert arrived for every event sent; false on timeout. */
    boolean awaitAlerted(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (missing() == 0) {
                return true;
            }
            Thread.sleep(50);
        }
        return missing() == 0;
    }

    Set<String> eventIds() {
        return sent.keySet();
    }

    int sentCount() {
        return sent.size();
    }

    /** Events sent whose alert has not arrived. */
    int missing() {
        int n = 0;
        for (String id : sent.keySet()) {
            if (receiver.arrival(id) == null) {
                n++;
            }
        }
        return n;
    }

    /** Events whose alert arrived more than once. */
    int duplicated() {
        int n = 0;
        for (String id : sent.keySet()) {
            if (receiver.deliveries(id) > 1) {
                n++;
            }
        }
        return n;
    }

    /** Events whose first alert was not the expected type and status. */
    int wrongType() {
        int n = 0;
        for (String id : sent.keySet()) {
            String type = receiver.type(id);
            if (type != null && !EXPECTED.equals(type)) {
                n++;
            }
        }
        return n;
    }

    /** Send-to-webhook latency of every event whose alert arrived. */
    LiveLatency latency() {
        List<Double> millis = new ArrayList<>();
        sent.forEach((id, at) -> {
            Long arrived = receiver.arrival(id);
            if (arrived != null) {
                millis.add((arrived - at) / 1e6);
            }
        });
        return LiveLatency.of(millis);
    }

    /**
     * The latency in two legs, split at the alert's {@code detectedAt}: SQS, the collector and the
     * evaluator up to the alert ({@code [0]}); the evaluator's commit, the notifier and the webhook call
     * after it ({@code [1]}). Wall-clock milliseconds, so each leg is good to a millisecond or two.
     */
    LiveLatency[] legs() {
        List<Double> toDetected = new ArrayList<>();
        List<Double> afterDetected = new ArrayList<>();
        sentWall.forEach((id, at) -> {
            long[] detectedAndArrived = receiver.detectedAndArrived(id);
            if (detectedAndArrived != null) {
                toDetected.add((double) (detectedAndArrived[0] - at));
                afterDetected.add((double) (detectedAndArrived[1] - detectedAndArrived[0]));
            }
        });
        return new LiveLatency[] {LiveLatency.of(toDetected), LiveLatency.of(afterDetected)};
    }
}
