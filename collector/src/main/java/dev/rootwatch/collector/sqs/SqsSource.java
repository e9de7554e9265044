package dev.rootwatch.collector.sqs;

import dev.rootwatch.collector.CollectorMetrics;
import dev.rootwatch.collector.live.LiveSource;
import dev.rootwatch.common.model.IngestSource;
import dev.rootwatch.common.text.LogSafe;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * Receives from every configured queue (long-polling receivers, one per 4 workers, batches of
 * up to 10) and processes the messages on a pool of {@code concurrency} workers. A message is
 * deleted only once everything it produced is acknowledged by Kafka, in batches of up to ten
 * ({@link BatchDeleter}); while it is processed its visibility is renewed ({@link VisibilityRenewer}),
 * so a large log file is not handed to a second reader.
 *
 * <p>Stopping stops receiving (a receive already waiting ends within the long-poll wait, and
 * what it brings is made visible again unprocessed), lets the workers finish, acknowledge and
 * delete what they hold, and then returns.
 */
public final class SqsSource implements LiveSource {

    private static final Logger LOGGER = LoggerFactory.getLogger(SqsSource.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** Visibility renewal calls in progress at once, over all queues. */
    private static final int RENEWAL_CALLS = 4;

    private final SqsSettings settings;
    private final List<QueueRef> queues;
    private final Function<String, SqsClient> clients;
    private final MessageProcessor processor;
    private final CollectorMetrics metrics;
    private final Clock clock;
    private final Semaphore inFlight;
    private final List<Thread> receivers = new ArrayList<>();
    private final Map<String, BatchDeleter> deleters = new ConcurrentHashMap<>();
    private final Map<String, VisibilityRenewer> renewers = new ConcurrentHashMap<>();
    private ExecutorService workers;
    private ScheduledExecutorService ticker;
    private ExecutorService renewalCalls;
    private volatile boolean running;

    /**
     * @param clients the SQS client for a queue URL (one per region, built once)
     */
    public SqsSource(SqsSettings settings, Function<String, SqsClient> clients, MessageProcessor processor, CollectorMetrics metrics,
                     Clock clock) {
        this.settings = settings;
        this.queues = settings.queueUrls().stream().map(QueueRef::of).toList();
        this.clients = clients;
        this.processor = processor;
        this.metrics = metrics;
        this.clock = clock;
        this.inFlight = new Semaphore(settings.maxInFlight());
    }

    @Override
    public String name() {
        return "sqs" + queues.stream().map(QueueRef::name).toList();
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        workers = Executors.newFixedThreadPool(settings.concurrency(), named("rootwatch-sqs-worker-"));
        // renewals are calls of their own, a few at once: one slow call never holds up the others
        renewalCalls = Executors.newFixedThreadPool(RENEWAL_CALLS, named("rootwatch-sqs-visibility-"));
        ticker = Executors.newSingleThreadScheduledExecutor(named("rootwatch-sqs-visibility-tick-"));
        for (QueueRef queue : queues) {
            SqsClient client = clients.apply(queue.url());
            deleters.put(queue.url(), new BatchDeleter(queue, client, metrics));
            renewers.put(queue.url(), new VisibilityRenewer(queue, client, settings.visibilityTimeout(), renewalCalls, metrics));
            // one receive call brings at most 10 messages: more workers than that need more receivers to be fed
            for (int r = 0; r < settings.receiversPerQueue(); r++) {
                Thread t = new Thread(() -> receiveLoop(queue, client), "rootwatch-sqs-receive-" + queue.name() + "-" + r);
                t.setDaemon(true);
                receivers.add(t);
                t.start();
            }
        }
        long tick = VisibilityRenewer.tickPeriod(settings.visibilityTimeout()).toMillis();
        ticker.scheduleWithFixedDelay(this::renewDue, tick, tick, TimeUnit.MILLISECONDS);
        LOGGER.info("sqs source started queues={} concurrency={} waitTime={}s visibilityTimeout={}s maxReceives={}",
                queues.stream().map(QueueRef::name).toList(), settings.concurrency(), settings.waitTime().toSeconds(),
                settings.visibilityTimeout().toSeconds(), settings.maxReceives());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public synchronized boolean stop(Duration timeout) throws InterruptedException {
        if (workers == null) {
            return true;
        }
        running = false;
        long deadline = System.nanoTime() + timeout.toNanos();
        // a receive already waiting ends within the long-poll wait; what it brings is released unprocessed
        for (Thread t : receivers) {
            t.join(Math.max(1, Math.min(remainingMillis(deadline), settings.waitTime().toMillis() + 5_000)));
        }
        workers.shutdown();
        boolean drained = workers.awaitTermination(Math.max(0, remainingMillis(deadline)), TimeUnit.MILLISECONDS);
        if (!drained) {
            LOGGER.warn("sqs source stop timed out; unfinished messages are left for redelivery timeoutMs={}", timeout.toMillis());
            workers.shutdownNow();
            workers.awaitTermination(5, TimeUnit.SECONDS);
        }
        ticker.shutdownNow();
        renewalCalls.shutdownNow();
        renewers.clear();
        for (BatchDeleter deleter : deleters.values()) {
            deleter.stop(Duration.ofMillis(Math.max(1_000, remainingMillis(deadline))));
        }
        deleters.clear();
        receivers.clear();
        LOGGER.info("sqs source stopped drained={}", drained);
        workers = null;
        return drained;
    }

    /** Messages whose visibility is being renewed now: one per message being worked on, none once the work is done. */
    int scheduledRenewals() {
        return renewers.values().stream().mapToInt(VisibilityRenewer::tracked).sum();
    }

    private void renewDue() {
        for (VisibilityRenewer renewer : renewers.values()) {
            try {
                renewer.tick();
            } catch (RuntimeException e) {
                // never let one failure end the ticker: every later renewal would stop with it
                LOGGER.error("visibility renewal round failed error={}", LogSafe.escape(e.toString(), 300), e);
            }
        }
    }

    private void receiveLoop(QueueRef queue, SqsClient client) {
        Duration backoff = Duration.ofSeconds(1);
        while (running) {
            int slots;
            try {
                slots = reserveSlots();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (slots == 0) {
                continue;
            }
            List<Message> messages;
            long askedAt = System.nanoTime();
            try {
                messages = client.receiveMessage(receiveRequest(queue, slots)).messages();
                backoff = Duration.ofSeconds(1);
            } catch (RuntimeException e) {
                inFlight.release(slots);
                if (!running) {
                    return; // stopping: the client may already be closed
                }
                LOGGER.warn("sqs receive failed queue={} error={} retryInMs={}", queue.name(),
                        LogSafe.escape(e.getClass().getSimpleName() + ": " + e.getMessage(), 300), backoff.toMillis());
                if (!pause(backoff)) {
                    return;
                }
                backoff = min(backoff.multipliedBy(2), MAX_BACKOFF);
                continue;
            }
            inFlight.release(slots - messages.size());
            metrics.lastSuccess(IngestSource.SQS, queue.name(), clock.instant());
            for (Message message : messages) {
                metrics.sqsReceived(queue.name());
                if (!running) {
                    release(queue, client, message);
                    inFlight.release();
                    continue;
                }
                dispatch(queue, client, message, askedAt);
            }
        }
    }

    /** Waits for at least one free slot and takes up to a batch; 0 when stopping. */
    private int reserveSlots() throws InterruptedException {
        while (running) {
            if (inFlight.tryAcquire(500, TimeUnit.MILLISECONDS)) {
                int slots = 1;
                while (slots < SqsSettings.BATCH && inFlight.tryAcquire()) {
                    slots++;
                }
                return slots;
            }
        }
        return 0;
    }

    private ReceiveMessageRequest receiveRequest(QueueRef queue, int max) {
        return ReceiveMessageRequest.builder()
                .queueUrl(queue.url())
                .maxNumberOfMessages(max)
                .waitTimeSeconds((int) settings.waitTime().toSeconds())
                .visibilityTimeout((int) settings.visibilityTimeout().toSeconds())
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)
                .build();
    }

    private void dispatch(QueueRef queue, SqsClient client, Message message, long askedAt) {
        VisibilityRenewer renewer = renewers.get(queue.url());
        renewer.track(message, askedAt);
        try {
            workers.execute(() -> {
                try {
                    handle(queue, client, message);
                } finally {
                    renewer.untrack(message);
                    inFlight.release();
                }
            });
        } catch (RuntimeException e) {
            // the pool refused it (stopping): it was not touched, let SQS hand it out again
            renewer.untrack(message);
            release(queue, client, message);
            inFlight.release();
        }
    }

    private void handle(QueueRef queue, SqsClient client, Message message) {
        MessageProcessor.Outcome outcome;
        try {
            outcome = processor.process(queue, message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOGGER.warn("message processing interrupted, left for redelivery queue={} messageId={}", queue.name(), message.messageId());
            metrics.sqsFailed(queue.name());
            return;
        } catch (RuntimeException e) {
            LOGGER.error("message processing failed, left for redelivery queue={} messageId={}", queue.name(), message.messageId(), e);
            metrics.sqsFailed(queue.name());
            return;
        }
        if (outcome == MessageProcessor.Outcome.RETRY) {
            metrics.sqsFailed(queue.name());
            return;
        }
        // everything it produced is in Kafka: deleted in the queue's next batch
        deleters.get(queue.url()).delete(message.receiptHandle());
    }

    /** Makes a message visible again at once, unprocessed (received while stopping). */
    private void release(QueueRef queue, SqsClient client, Message message) {
        try {
            client.changeMessageVisibility(b -> b.queueUrl(queue.url()).receiptHandle(message.receiptHandle()).visibilityTimeout(0));
            metrics.sqsReleased(queue.name());
        } catch (RuntimeException e) {
            LOGGER.warn("message not released, it comes back after its visibility timeout queue={} messageId={}", queue.name(),
                    message.messageId());
        }
    }

    private boolean pause(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        while (running && System.nanoTime() < until) {
            try {
                Thread.sleep(Math.min(200, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return running;
    }

    private static long remainingMillis(long deadline) {
        return (deadline - System.nanoTime()) / 1_000_000;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
