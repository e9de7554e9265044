package dev.rootwatch.collector.lookup;

import dev.rootwatch.collector.Acks;
import dev.rootwatch.collector.CollectorMetrics;
import dev.rootwatch.collector.EventIntake;
import dev.rootwatch.collector.IntakeHandler;
import dev.rootwatch.collector.live.LiveSource;
import dev.rootwatch.common.cloudtrail.EnvelopeReader;
import dev.rootwatch.common.cloudtrail.InputLimits;
import dev.rootwatch.common.model.DeadLetterReason;
import dev.rootwatch.common.model.IngestSource;
import dev.rootwatch.common.text.LogSafe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttribute;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsRequest;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;

/**
 * Polls CloudTrail's event history (LookupEvents, management events of the last 90 days) for the
 * relevant event names, one name per call as the API allows, and for every call made as root (user
 * name {@code root}), in every configured region, for setups without an SQS queue. Each region has
 * its own thread and pacer (2 calls per second). An event both lookups find reaches Kafka twice;
 * the evaluator evaluates it once (by eventID).
 *
 * <p>A poll of one region and name reads from its checkpoint minus the overlap window to now,
 * page by page; events whose eventID it already sent are left out; once Kafka acknowledged
 * everything, the checkpoint moves to the poll's end. A failed or interrupted poll does not move
 * it, so the next one reads the same window again.
 */
public final class LookupSource implements LiveSource {

    private static final Logger LOGGER = LoggerFactory.getLogger(LookupSource.class);
    private static final int PAGE_SIZE = 50;

    private final LookupSettings settings;
    private final Function<Region, CloudTrailClient> clients;
    private final EventIntake intake;
    private final EnvelopeReader reader;
    private final LookupCheckpoint checkpoint;
    private final CollectorMetrics metrics;
    private final Clock clock;
    private ScheduledExecutorService scheduler;
    private volatile boolean running;

    public LookupSource(LookupSettings settings, Function<Region, CloudTrailClient> clients, InputLimits limits, EventIntake intake,
                        LookupCheckpoint checkpoint, CollectorMetrics metrics, Clock clock) {
        this.settings = settings;
        this.clients = clients;
        this.intake = intake;
        this.reader = new EnvelopeReader(limits);
        this.checkpoint = checkpoint;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "lookup" + settings.regions().stream().map(Region::id).toList();
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        scheduler = Executors.newScheduledThreadPool(settings.regions().size(), r -> {
            Thread t = new Thread(r, "rootwatch-lookup");
            t.setDaemon(true);
            return t;
        });
        for (Region region : settings.regions()) {
            CloudTrailClient client = clients.apply(region);
            RequestPacer pacer = new RequestPacer(settings.requestsPerSecond());
            scheduler.scheduleWithFixedDelay(() -> pollRegion(region, client, pacer), 0, settings.interval().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        LOGGER.info("lookup source started regions={} eventNames={} intervalS={} overlapS={}", settings.regions(),
                settings.eventNames().size(), settings.interval().toSeconds(), settings.overlap().toSeconds());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public synchronized boolean stop(Duration timeout) throws InterruptedException {
        if (scheduler == null) {
            return true;
        }
        running = false;
        scheduler.shutdown();
        boolean drained = scheduler.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!drained) {
            LOGGER.warn("lookup source stop timed out; the unfinished poll is read again next time timeoutMs={}", timeout.toMillis());
            scheduler.shutdownNow();
        }
        scheduler = null;
        LOGGER.info("lookup source stopped drained={}", drained);
        return drained;
    }

    /** Polls every region and name once, on the calling thread (tests drive polls with it). */
    void pollOnce() {
        boolean was = running;
        running = true;
        try {
            for (Region region : settings.regions()) {
                pollRegion(region, clients.apply(region), new RequestPacer(settings.requestsPerSecond()));
            }
        } finally {
            running = was;
        }
    }

    private void pollRegion(Region region, CloudTrailClient client, RequestPacer pacer) {
        boolean allDone = true;
        for (LookupQuery query : settings.queries()) {
            if (!running) {
                return;
            }
            try {
                allDone &= poll(region, client, pacer, query);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOGGER.error("lookup poll failed region={} lookup={}", region.id(), query.checkpointKey(), e);
                allDone = false;
            }
        }
        if (allDone) {
            metrics.lastSuccess(IngestSource.LOOKUP, region.id(), clock.instant());
        }
    }

    /** One poll of one lookup; true when it completed and the checkpoint moved. */
    private boolean poll(Region region, CloudTrailClient client, RequestPacer pacer, LookupQuery query) throws InterruptedException {
        String name = query.checkpointKey();
        Instant now = clock.instant();
        LookupCheckpoint.Position previous = checkpoint.position(region.id(), name).orElse(null);
        Instant start = previous == null ? now.minus(settings.initialLookback()) : previous.through().minus(settings.overlap());
        Instant oldest = now.minus(LookupSettings.HISTORY);
        if (start.isBefore(oldest)) {
            start = oldest;
        }
        Map<String, Instant> sent = new HashMap<>(previous == null ? Map.of() : previous.sent());
        Acks acks = Acks.collecting();
        String token = null;
        int pages = 0;
        int fresh = 0;
        do {
            if (!running) {
                return false;
            }
            LookupEventsResponse page;
            try {
                LookupEventsRequest request = request(query, start, now, token);
                page = pacer.call(() -> client.lookupEvents(request));
                metrics.lookupRequest(region.id(), true);
            } catch (SdkException e) {
                metrics.lookupRequest(region.id(), false);
                LOGGER.warn("LookupEvents failed region={} lookup={} error={}", region.id(), name,
                        LogSafe.escape(e.getClass().getSimpleName() + ": " + e.getMessage(), 300));
                return false;
            }
            pages++;
            intake.input(IngestSource.LOOKUP);
            for (Event event : page.events()) {
                if (event.eventId() != null && sent.containsKey(event.eventId())) {
                    continue;
                }
                fresh++;
                read(region, event, acks);
                if (event.eventId() != null) {
                    sent.put(event.eventId(), event.eventTime() == null ? now : event.eventTime());
                }
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        try {
            acks.await(settings.ackTimeout());
        } catch (Acks.NotAcknowledgedException e) {
            LOGGER.warn("lookup poll not acknowledged by Kafka, read again next time region={} lookup={} error={}", region.id(),
                    name, e.getMessage());
            return false;
        }
        Instant keepFrom = now.minus(settings.overlap());
        sent.values().removeIf(t -> t.isBefore(keepFrom));
        checkpoint.advance(region.id(), name, new LookupCheckpoint.Position(now, sent));
        LOGGER.debug("lookup poll done region={} lookup={} pages={} newEvents={}", region.id(), name, pages, fresh);
        return true;
    }

    private void read(Region region, Event event, Acks acks) {
        String location = "lookup://" + region.id() + "/" + event.eventId();
        IntakeHandler handler = new IntakeHandler(intake, IngestSource.LOOKUP, IngestSource.LOOKUP, location, acks,
                (object, where) -> acks.add(intake.deadLetter(IngestSource.LOOKUP, DeadLetterReason.UNEXPECTED_SHAPE,
                        "a LookupEvents answer that names an S3 object", null, where)));
        if (event.cloudTrailEvent() == null) {
            handler.onDeadLetter(DeadLetterReason.UNEXPECTED_SHAPE, "LookupEvents event without CloudTrailEvent", null, location);
            return;
        }
        // CloudTrailEvent is the event as a JSON string
        reader.readString(event.cloudTrailEvent(), location, null, handler);
        handler.finish();
    }

    private static LookupEventsRequest request(LookupQuery query, Instant start, Instant end, String token) {
        return LookupEventsRequest.builder()
                .lookupAttributes(LookupAttribute.builder().attributeKey(query.key()).attributeValue(query.value()).build())
                .startTime(start)
                .endTime(end)
                .maxResults(PAGE_SIZE)
                .nextToken(token)
                .build();
    }
}
