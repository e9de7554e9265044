package dev.rootwatch.collector.sqs;

import dev.rootwatch.collector.CollectorMetrics;
import dev.rootwatch.common.text.LogSafe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Keeps the messages of one queue that are still being worked on invisible to other readers. Each
 * message is due for renewal once a third of its visibility timeout has passed, counted from when its
 * receive (or its last renewal) was asked for, since SQS starts the clock no earlier: two thirds of
 * the timeout are left for the call to get there, however slow the machine or the network. Every {@link #tick()} collects the due
 * messages and renews them ten at a time with ChangeMessageVisibilityBatch, each batch a call of its
 * own on a shared pool: on a loaded machine a slow call delays only its own ten messages, never the
 * renewals behind it, and a message whose renewal is still under way is not asked for twice.
 */
final class VisibilityRenewer {

    private static final Logger LOGGER = LoggerFactory.getLogger(VisibilityRenewer.class);

    private final QueueRef queue;
    private final SqsClient client;
    private final Duration visibilityTimeout;
    private final ExecutorService calls;
    private final CollectorMetrics metrics;
    private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
    private final AtomicLong failures = new AtomicLong();

    VisibilityRenewer(QueueRef queue, SqsClient client, Duration visibilityTimeout, ExecutorService calls, CollectorMetrics metrics) {
        this.queue = queue;
        this.client = client;
        this.visibilityTimeout = visibilityTimeout;
        this.calls = calls;
        this.metrics = metrics;
    }

    /** How often {@link #tick()} should run: often enough that a due renewal waits a small part of the margin. */
    static Duration tickPeriod(Duration visibilityTimeout) {
        Duration twelfth = visibilityTimeout.dividedBy(12);
        return twelfth.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : twelfth;
    }

    /**
     * Starts renewing {@code message}.
     *
     * @param askedAtNanos {@link System#nanoTime()} when the receive that brought it was asked for
     */
    void track(Message message, long askedAtNanos) {
        tracked.put(message.messageId(), new Tracked(message, askedAtNanos + renewAfterNanos()));
    }

    /** Stops renewing {@code message}: its work is done (or abandoned). */
    void untrack(Message message) {
        tracked.remove(message.messageId());
    }

    /** Messages being renewed now. */
    int tracked() {
        return tracked.size();
    }

    /** Sends the renewals that are due, in batches of ten, each batch on its own call. */
    void tick() {
        long now = System.nanoTime();
        List<Tracked> due = new ArrayList<>();
        for (Tracked t : tracked.values()) {
            if (t.renewAtNanos <= now && t.renewing.compareAndSet(false, true)) {
                due.add(t);
            }
        }
        for (int from = 0; from < due.size(); from += SqsSettings.BATCH) {
            List<Tracked> batch = List.copyOf(due.subList(from, Math.min(due.size(), from + SqsSettings.BATCH)));
            try {
                calls.execute(() -> renew(batch));
            } catch (RejectedExecutionException e) {
                batch.forEach(t -> t.renewing.set(false)); // stopping
            }
        }
    }

    private void renew(List<Tracked> batch) {
        long asked = System.nanoTime();
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                    .receiptHandle(batch.get(i).message.receiptHandle())
                    .visibilityTimeout((int) visibilityTimeout.toSeconds()).build());
        }
        try {
            ChangeMessageVisibilityBatchResponse response = client.changeMessageVisibilityBatch(b -> b.queueUrl(queue.url())
                    .entries(entries));
            List<String> failed = response.failed().stream().map(BatchResultErrorEntry::id).toList();
            for (int i = 0; i < batch.size(); i++) {
                Tracked t = batch.get(i);
                if (!failed.contains(Integer.toString(i))) {
                    // the new timeout runs from when SQS got the call, which is no earlier than when it was made
                    t.renewAtNanos = asked + renewAfterNanos();
                    metrics.visibilityExtended(queue.name());
                }
            }
            for (BatchResultErrorEntry error : response.failed()) {
                Tracked t = batch.get(Integer.parseInt(error.id()));
                notRenewed(t, error.code() + ": " + error.message());
            }
        } catch (SdkException e) {
            batch.forEach(t -> notRenewed(t, e.getMessage()));
        } finally {
            batch.forEach(t -> t.renewing.set(false));
        }
    }

    private void notRenewed(Tracked t, String error) {
        if (tracked.get(t.message.messageId()) != t) {
            return; // its work ended while the call was on its way: deleted, nothing left to keep invisible
        }
        // tried again at the next tick while the work goes on; if the message reappears meanwhile, the evaluator
        // drops its events' duplicates by eventID, so a second reading never doubles a page
        long n = failures.incrementAndGet();
        if (n == 1 || Long.bitCount(n) == 1) {
            LOGGER.warn("visibility not renewed queue={} messageId={} failures={} error={}", queue.name(),
                    LogSafe.escape(t.message.messageId(), 100), n, LogSafe.escape(error, 300));
        }
    }

    private long renewAfterNanos() {
        return visibilityTimeout.toNanos() / 3;
    }

    private static final class Tracked {
        final Message message;
        final AtomicBoolean renewing = new AtomicBoolean();
        volatile long renewAtNanos;

        Tracked(Message message, long renewAtNanos) {
            this.message = message;
            this.renewAtNanos = renewAtNanos;
        }
    }
}
