package dev.rootwatch.evaluator;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rootwatch.common.json.Json;
import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertStatus;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.Compliance;
import dev.rootwatch.common.model.DeadLetter;
import dev.rootwatch.common.model.DeadLetterReason;
import dev.rootwatch.common.model.Posture;
import dev.rootwatch.common.model.TrailEvent;
import dev.rootwatch.common.model.Watermark;
import dev.rootwatch.common.text.LogSafe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluator's stateful step for one task (one partition of the events and posture topics):
 * deduplicates events, keeps each account's state, event time and open incidents, runs the
 * enabled detections and forwards their alerts keyed by account id.
 *
 * <p><b>Time.</b> Each account has its own event time: the latest CloudTrail eventTime seen for
 * it (never the Kafka timestamp, never another account's). Windows and sequences conclude when
 * the account's event time, the task's watermark (from {@code rootwatch.watermark/v1} records on
 * the events topic) or, in live mode, the wall clock passes their end plus the grace. An event
 * whose eventTime plus the grace lies before its account's event time is late: it still raises its
 * single-event alerts; each windowed detection documents what it does with it.
 */
final class EvaluatorProcessor implements Processor<String, EvaluatorInput, String, EvaluatorOutput> {

    private static final Logger LOGGER = LoggerFactory.getLogger(EvaluatorProcessor.class);

    /** The MFA calls whose target, once judged root's, is remembered as a root serial. */
    private static final Set<String> ROOT_SERIAL_EVIDENCE = Set.of(
            "EnableMFADevice", "DeactivateMFADevice", "DeleteVirtualMFADevice", "ResyncMFADevice");

    private final EvaluatorSettings settings;
    private final Detections detections;
    private final AlertFactory factory;
    private final EvaluatorMetrics metrics;
    private final PostureGauges postureGauges;
    private final Clock clock;
    private final boolean live;
    /** When the collector received the event being evaluated, for the event-to-alert latency; null otherwise. */
    private Instant receivedAt;

    private ProcessorContext<String, EvaluatorOutput> context;
    private RecordGuard guard;
    private WindowStore<String, Long> dedup;
    private KeyValueStore<String, AccountState> accounts;
    private Timers timers;
    private Incidents incidents;
    private Renotifier renotifier;
    private AlertEmitter emitter;
    private List<WindowedRunner<?>> runners;
    private int partition;
    /** Live mode: when open incidents were last sent again for sinks that expire alerts. */
    private Instant lastRefresh;

    /**
     * @param postureGauges where each account's root-MFA verdict is exported, for the partitions this task holds
     * @param clock         wall clock of dead letters' occurredAt
     * @param live          true in live mode: the wall clock also closes windows, re-notifies and refreshes open
     *                      incidents; false in replay, where only event time and watermarks move time on
     */
    EvaluatorProcessor(EvaluatorSettings settings, Detections detections, AlertFactory factory, EvaluatorMetrics metrics,
                       PostureGauges postureGauges, Clock clock, boolean live) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.detections = Objects.requireNonNull(detections, "detections");
        this.factory = Objects.requireNonNull(factory, "factory");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.postureGauges = Objects.requireNonNull(postureGauges, "postureGauges");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.live = live;
    }

    @Override
    public void init(ProcessorContext<String, EvaluatorOutput> context) {
        this.context = context;
        this.guard = new RecordGuard(context, metrics, clock);
        this.dedup = context.getStateStore(EvaluatorTopology.DEDUP_STORE);
        this.accounts = context.getStateStore(EvaluatorTopology.ACCOUNT_STORE);
        this.timers = new Timers(context.getStateStore(EvaluatorTopology.TIMER_STORE));
        this.renotifier = new Renotifier(settings.parameters());
        this.incidents = new Incidents(context.getStateStore(EvaluatorTopology.INCIDENT_STORE), timers, renotifier, live);
        this.emitter = new AlertEmitter(factory, new Suppressions(settings.suppressions()), metrics, context);
        List<WindowedRunner<?>> enabled = new ArrayList<>();
        for (WindowedDetection<?> detection : detections.windowed()) {
            if (settings.enabled(detection.type())) {
                enabled.add(WindowedRunner.of(detection, context, timers));
            }
        }
        this.runners = List.copyOf(enabled);
        this.partition = context.taskId().partition();
        exportPostures();
        if (live) {
            context.schedule(settings.parameters().punctuationInterval(), PunctuationType.WALL_CLOCK_TIME,
                    this::onWallClock);
        }
    }

    /** The postures this task holds, onto the gauges: after a restart or when it takes a partition over. */
    private void exportPostures() {
        try (KeyValueIterator<String, AccountState> it = accounts.all()) {
            while (it.hasNext()) {
                AccountState state = it.next().value;
                if (state != null && state.posture() != null) {
                    postureGauges.observe(partition, state.posture());
                }
            }
        }
    }

    /** The task closes (its partition moves, or the evaluator stops): its accounts' gauges go with it. */
    @Override
    public void close() {
        postureGauges.forget(partition);
    }

    /**
     * Evaluates one record. An input that breaks the evaluator's rules is dead-lettered before it
     * touches any state; one on which a step throws is dead-lettered where it failed; either way the
     * next record is evaluated (see {@link RecordGuard}).
     */
    @Override
    public void process(Record<String, EvaluatorInput> record) {
        EvaluatorInput input = record.value();
        String problem = input == null ? null : InputCheck.problem(input);
        if (problem != null) {
            guard.refuse(DeadLetterReason.INVALID_EVENT, problem + "; not evaluated", () -> excerpt(input));
            return;
        }
        guard.run("", () -> excerpt(input), () -> dispatch(record));
    }

    private void dispatch(Record<String, EvaluatorInput> record) {
        EvaluatorInput input = record.value();
        if (input instanceof EvaluatorInput.EventInput eventInput) {
            onEvent(eventInput.event(), record.timestamp());
        } else if (input instanceof EvaluatorInput.PostureInput postureInput) {
            onPosture(postureInput.posture(), record.timestamp());
        } else if (input instanceof EvaluatorInput.PostureGone gone) {
            onPostureGone(gone.accountId());
        } else if (input instanceof EvaluatorInput.WatermarkInput watermarkInput) {
            onWatermark(watermarkInput.watermark(), record.timestamp());
        } else {
            metrics.tombstone();
            LOGGER.debug("skipped record without value key={}", LogSafe.escape(record.key(), 80));
        }
    }

    private void onEvent(TrailEvent event, long timestamp) {
        receivedAt = event.ingest() == null ? null : event.ingest().receivedAt();
        try {
            evaluate(event, timestamp);
        } finally {
            receivedAt = null;
        }
    }

    private void evaluate(TrailEvent event, long timestamp) {
        metrics.event();
        String accountId = event.accountId();
        if (isDuplicate(accountId + "|" + event.eventId(), timestamp)) {
            metrics.duplicate();
            LOGGER.debug("duplicate event not evaluated again accountId={} eventId={}", accountId,
                    LogSafe.escape(event.eventId(), 100));
            return;
        }
        AccountState account = account(accountId);
        Instant accountTime = Bounded.max(account.clock(), timers.watermark());
        boolean late = accountTime != null && event.eventTime().plus(settings.parameters().grace()).isBefore(accountTime);
        if (late) {
            metrics.late();
            LOGGER.debug("late event accountId={} eventId={} eventTime={} accountEventTime={}", accountId,
                    LogSafe.escape(event.eventId(), 100), event.eventTime(), accountTime);
        }
        Compliance compliance = account.postureCompliance();
        Set<AlertType> reported = EnumSet.noneOf(AlertType.class);
        AccountState learnt = account;
        for (EventDetection detection : detections.events()) {
            if (settings.enabled(detection.type())) {
                List<AlertDraft> drafts = detection.detect(event, account);
                if (!drafts.isEmpty()) {
                    reported.add(detection.type());
                }
                emitAll(accountId, drafts, compliance, timestamp);
                learnt = detection.remember(event, learnt, drafts);
            }
        }
        AccountState next = learnRootSerial(event, learnt).withEventTime(event.eventTime());
        WindowedDetection.EventFacts facts = new WindowedDetection.EventFacts(event, account, late, reported);
        Instant now = concludeTime(next);
        for (WindowedRunner<?> runner : runners) {
            emitAll(accountId, runner.onEvent(accountId, facts, now), compliance, timestamp);
        }
        if (!next.equals(account)) {
            accounts.put(accountId, next);
        }
    }

    /**
     * True where the key was seen within the retention around {@code timestamp}; otherwise
     * remembers it. The lookup also reaches forward, so a duplicate stamped earlier than its
     * first copy (another producer's clock) is still one.
     */
    private boolean isDuplicate(String key, long timestamp) {
        long retention = settings.dedupRetention().toMillis();
        long from = Math.max(0, timestamp - retention);
        long to = timestamp > Long.MAX_VALUE - retention ? Long.MAX_VALUE : timestamp + retention;
        try (WindowStoreIterator<Long> seen = dedup.fetch(key, from, to)) {
            if (seen.hasNext()) {
                return true;
            }
        }
        dedup.put(key, timestamp, timestamp);
        return false;
    }

    private static AccountState learnRootSerial(TrailEvent event, AccountState account) {
        String serial = event.target().serialNumber();
        if (serial == null || !event.succeeded() || !Texts.IAM.equals(event.eventSource())
                || !ROOT_SERIAL_EVIDENCE.contains(event.eventName())) {
            return account;
        }
        return RootDeviceMatcher.match(event, account).isPresent() ? account.withRootSerial(serial) : account;
    }

    private void onPosture(Posture posture, long timestamp) {
        metrics.posture();
        String accountId = posture.accountId();
        AccountState account = account(accountId);
        Posture previous = account.posture();
        Compliance compliance = posture.compliance();
        PostureDetection.IncidentView view = type -> incidents.open(accountId, type);
        for (PostureDetection detection : detections.postures()) {
            if (settings.enabled(detection.type())) {
                emitAll(accountId, detection.detect(previous, posture, view), compliance, timestamp);
            }
        }
        if (!live && settings.enabled(Renotifier.TYPE)) {
            incidents.open(accountId, Renotifier.TYPE)
                    .flatMap(open -> renotifier.byObservation(accountId, open, posture))
                    .ifPresent(draft -> emitRenotification(accountId, draft, compliance, timestamp));
        }
        AccountState next = account.withPosture(posture);
        Instant now = concludeTime(next);
        for (WindowedRunner<?> runner : runners) {
            emitAll(accountId, runner.onPosture(accountId, previous, posture, now), compliance, timestamp);
        }
        accounts.put(accountId, next);
        postureGauges.observe(partition, posture);
        LOGGER.debug("posture applied accountId={} compliance={}", accountId, compliance);
    }

    /**
     * The account's posture is withdrawn: its gauges go, and detections no longer judge its events
     * by a posture that may be long out of date. Its open incidents stay open; nobody has seen
     * them fixed.
     */
    private void onPostureGone(String accountId) {
        metrics.posture();
        AccountState account = accounts.get(accountId);
        if (account != null && account.posture() != null) {
            accounts.put(accountId, account.withoutPosture());
        }
        postureGauges.remove(accountId);
        LOGGER.info("posture withdrawn, the account is no longer read accountId={}", accountId);
    }

    private void onWatermark(Watermark watermark, long timestamp) {
        metrics.watermark();
        timers.advanceWatermark(watermark.eventTime());
        LOGGER.info("watermark read eventTime={} endOfInput={}", watermark.eventTime(), watermark.isEndOfInput());
        conclude(Bounded.max(timers.watermark(), watermark.eventTime()), timestamp);
        if (watermark.isEndOfInput()) {
            // a batch run waits for this commit to know everything is evaluated: commit now, not at the next interval
            context.commit();
        }
    }

    /** Live mode, every punctuation interval: the wall clock concludes what is due, re-notifies and refreshes. */
    private void onWallClock(long wallClockMs) {
        Instant now = Instant.ofEpochMilli(wallClockMs);
        conclude(now, wallClockMs);
        for (Timers.Due due : timers.renotifyDueUpTo(now)) {
            timers.remove(due);
            if (settings.enabled(due.type())) {
                guard.run(timerRef(due), () -> null, () -> renotify(due, now, wallClockMs));
            }
        }
        Duration every = settings.parameters().incidentRefresh();
        if (lastRefresh == null || !now.isBefore(lastRefresh.plus(every))) {
            lastRefresh = now;
            refreshOpenIncidents(now, wallClockMs);
        }
    }

    /**
     * Sends every open incident of the task again, for sinks that expire alerts (Alertmanager): open until
     * four refresh intervals from now. Its FIRING said the same, so a receiver keeps it active while it lasts,
     * across restarts of rootwatch, and lets it go only once RESOLVED, or if rootwatch stops saying so.
     */
    private void refreshOpenIncidents(Instant now, long wallClockMs) {
        Duration every = settings.parameters().incidentRefresh();
        for (Incidents.Open open : incidents.all()) {
            if (!settings.enabled(open.type())) {
                continue;
            }
            guard.run("#refresh=" + open.type() + "/" + open.accountId(), () -> null, () -> {
                OpenIncident incident = open.incident();
                String title = incident.title() != null ? incident.title() : open.type() + " open in account " + open.accountId();
                String summary = incident.summary() != null ? incident.summary()
                        : "The incident opened at " + incident.openedAt() + " is still open.";
                AlertDraft draft = AlertDraft.refresh(open.type(), incident.openedAt().toString(), now, every,
                        settings.parameters().openUntil(now), title, summary, Map.of("openedAt", incident.openedAt()));
                emitter.emit(open.accountId(), draft, account(open.accountId()).postureCompliance(), wallClockMs);
                metrics.refresh();
            });
        }
    }

    private void renotify(Timers.Due due, Instant now, long wallClockMs) {
        Optional<OpenIncident> open = incidents.open(due.accountId(), due.type());
        if (open.isEmpty()) {
            return;
        }
        AccountState account = account(due.accountId());
        Instant observed = account.posture() == null ? open.get().openedAt() : account.posture().observedAt();
        AlertDraft draft = renotifier.draft(due.accountId(), open.get(), observed, now);
        emitRenotification(due.accountId(), draft, account.postureCompliance(), wallClockMs);
    }

    /** A timer's part of a ref: one account's timer failing costs that timer, not the others due with it. */
    private static String timerRef(Timers.Due due) {
        return "#timer=" + due.type() + "/" + due.accountId();
    }

    /** The input as JSON, for a dead letter's excerpt. */
    private static String excerpt(EvaluatorInput input) {
        Object value = input instanceof EvaluatorInput.EventInput e ? e.event()
                : input instanceof EvaluatorInput.PostureInput p ? p.posture()
                : input instanceof EvaluatorInput.PostureGone g ? Map.of("accountId", g.accountId(), "posture", "withdrawn")
                : input instanceof EvaluatorInput.WatermarkInput w ? w.watermark() : null;
        if (value == null) {
            return null;
        }
        try {
            String json = Json.mapper().writeValueAsString(value);
            return json.length() > DeadLetter.MAX_EXCERPT ? json.substring(0, DeadLetter.MAX_EXCERPT) : json;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Concludes, for every account of the task, what is due at {@code now}. */
    private void conclude(Instant now, long timestamp) {
        for (Timers.Due due : timers.dueUpTo(now)) {
            timers.remove(due);
            Optional<WindowedRunner<?>> runner = runners.stream().filter(r -> r.type() == due.type()).findFirst();
            if (runner.isPresent()) {
                guard.run(timerRef(due), () -> null, () -> {
                    AccountState account = account(due.accountId());
                    emitAll(due.accountId(), runner.get().advance(due.accountId(), now), account.postureCompliance(),
                            timestamp);
                });
            }
        }
    }

    /** The time up to which the account's windows are concluded: its event time, the watermark, the wall clock (live). */
    private Instant concludeTime(AccountState account) {
        Instant time = Bounded.max(account.clock(), timers.watermark());
        return live ? Bounded.max(time, Instant.ofEpochMilli(context.currentSystemTimeMs())) : time;
    }

    private void emitRenotification(String accountId, AlertDraft draft, Compliance compliance, long timestamp) {
        metrics.renotification();
        emitAll(accountId, List.of(draft), compliance, timestamp);
    }

    private void emitAll(String accountId, List<AlertDraft> drafts, Compliance compliance, long timestamp) {
        for (AlertDraft made : drafts) {
            // live, the FIRING of an incident that lasts until RESOLVED says how long it is known to be open
            AlertDraft draft = live && made.incident() != null && made.status() == AlertStatus.FIRING
                    ? made.openUntil(settings.parameters().openUntil(Instant.ofEpochMilli(context.currentSystemTimeMs())))
                    : made;
            Alert alert = emitter.emit(accountId, draft, compliance, timestamp);
            if (receivedAt != null && alert.detectedAt() != null) {
                metrics.alertLatency(Duration.between(receivedAt, alert.detectedAt()));
            }
            Instant notifiedAt = live ? Instant.ofEpochMilli(context.currentSystemTimeMs()) : draft.eventTime();
            incidents.record(accountId, draft, alert, notifiedAt);
        }
    }

    private AccountState account(String accountId) {
        AccountState stored = accounts.get(accountId);
        return stored == null ? AccountState.empty(accountId) : stored;
    }
}
