package dev.rootwatch.collector.sqs;

import dev.rootwatch.collector.CollectorMetrics;
import dev.rootwatch.common.text.LogSafe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;

/**
 * Deletes one queue's finished messages with DeleteMessageBatch, up to ten per call, on its own
 * thread. At 2,000 EventBridge events a second, one DeleteMessage per message would be most of
 * the collector's SQS calls; batching cuts them tenfold and adds no wait when the queue is quiet
 * (a delete goes out as soon as the thread is free). A delete that fails only means the message
 * comes again: everything it produced is already in Kafka, and the evaluator drops the
 * duplicates by eventID.
 */
final class BatchDeleter {

    private static final Logger LOGGER = LoggerFactory.getLogger(BatchDeleter.class);
    private static final Object STOP = new Object();

    private final QueueRef queue;
    private final SqsClient client;
    private final CollectorMetrics metrics;
    private final BlockingQueue<Object> pending = new LinkedBlockingQueue<>();
    private final Thread thread;

    BatchDeleter(QueueRef queue, SqsClient client, CollectorMetrics metrics) {
        this.queue = queue;
        this.client = client;
        this.metrics = metrics;
        this.thread = new Thread(this::run, "rootwatch-sqs-delete-" + queue.name());
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues the deletion of a message by its receipt handle. */
    void delete(String receiptHandle) {
        pending.add(receiptHandle);
    }

    /** Deletes what is queued, then stops; waits at most {@code timeout}. */
    boolean stop(Duration timeout) throws InterruptedException {
        pending.add(STOP);
        thread.join(Math.max(1, timeout.toMillis()));
        return !thread.isAlive();
    }

    private void run() {
        List<Object> batch = new ArrayList<>(SqsSettings.BATCH);
        while (true) {
            try {
                batch.add(pending.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pending.drainTo(batch, SqsSettings.BATCH - 1);
            boolean stopping = batch.remove(STOP);
            deleteAll(batch);
            batch.clear();
            if (stopping) {
                // stop comes after the workers finished: whatever is still queued goes out, then the thread ends
                pending.drainTo(batch);
                batch.remove(STOP);
                deleteAll(batch);
                return;
            }
        }
    }

    private void deleteAll(List<Object> handles) {
        for (int from = 0; from < handles.size(); from += SqsSettings.BATCH) {
            List<String> chunk = new ArrayList<>();
            for (Object handle : handles.subList(from, Math.min(handles.size(), from + SqsSettings.BATCH))) {
                chunk.add((String) handle);
            }
            deleteBatch(chunk);
        }
    }

    private void deleteBatch(List<String> handles) {
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(handles.size());
        for (int i = 0; i < handles.size(); i++) {
            entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i)).receiptHandle(handles.get(i)).build());
        }
        try {
            DeleteMessageBatchResponse response = client.deleteMessageBatch(b -> b.queueUrl(queue.url()).entries(entries));
            for (int i = 0; i < response.successful().size(); i++) {
                metrics.sqsDeleted(queue.name());
            }
            for (BatchResultErrorEntry failed : response.failed()) {
                LOGGER.warn("delete failed, the message will come again queue={} code={} message={}", queue.name(),
                        LogSafe.escape(failed.code(), 100), LogSafe.escape(failed.message(), 300));
            }
        } catch (SdkException e) {
            LOGGER.warn("delete failed, {} messages will come again queue={} error={}", handles.size(), queue.name(),
                    LogSafe.escape(e.getMessage(), 300));
        }
    }
}
