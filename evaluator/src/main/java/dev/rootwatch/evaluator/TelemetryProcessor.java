package dev.rootwatch.evaluator;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live mode only: watches that CloudTrail telemetry keeps arriving, by wall clock. Every event and
 * watermark of every partition reaches this one task (the telemetry topic has one partition), keyed
 * by the feed it belongs to: {@value TelemetrySilentDetection#ALL_ACCOUNTS} for the whole topic, or
 * the account id where accounts are watched one by one. Watching begins when the task first runs,
 * so a watched account that never sends anything is reported too.
 */
final class TelemetryProcessor implements Processor<String, TelemetryBeat, String, EvaluatorOutput> {

    private static final Logger LOGGER = LoggerFactory.getLogger(TelemetryProcessor.class);

    private final EvaluatorSettings settings;
    private final TelemetrySilentDetection detection;
    private final AlertFactory factory;
    private final EvaluatorMetrics metrics;
    private final Clock clock;
    private final List<String> watched;

    private ProcessorContext<String, EvaluatorOutput> context;
    private RecordGuard guard;
    private KeyValueStore<String, TelemetryState> store;
    private AlertEmitter emitter;
    /** When each watched feed's open silence was last sent again for sinks that expire alerts. */
    private final Map<String, Instant> refreshed = new HashMap<>();

    TelemetryProcessor(EvaluatorSettings settings, AlertFactory factory, EvaluatorMetrics metrics, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.detection = new TelemetrySilentDetection(settings.parameters());
        this.factory = Objects.requireNonNull(factory, "factory");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        List<String> accounts = settings.parameters().silentAccounts();
        this.watched = accounts.isEmpty() ? List.of(TelemetrySilentDetection.ALL_ACCOUNTS) : accounts;
    }

    @Override
    public void init(ProcessorContext<String, EvaluatorOutput> context) {
        this.context = context;
        this.guard = new RecordGuard(context, metrics, clock);
        this.store = context.getStateStore(EvaluatorTopology.TELEMETRY_STORE);
        this.emitter = new AlertEmitter(factory, new Suppressions(settings.suppressions()), metrics, context);
        context.schedule(settings.parameters().punctuationInterval(), PunctuationType.WALL_CLOCK_TIME, this::check);
    }

    @Override
    public void process(Record<String, TelemetryBeat> record) {
        TelemetryBeat beat = record.value();
        if (beat == null || record.key() == null) {
            return;
        }
        guard.run("", () -> null, () -> beat(record, beat));
    }

    private void beat(Record<String, TelemetryBeat> record, TelemetryBeat beat) {
        TelemetryState state = store.get(record.key());
        if (!TelemetrySilentDetection.progress(state, beat)) {
            return;
        }
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        if (state != null && state.firing()) {
            emitter.emit(record.key(), detection.resolved(record.key(), state, beat, now), null, record.timestamp());
        }
        Instant latest = state == null ? beat.eventTime() : Bounded.max(state.lastEventTime(), beat.eventTime());
        store.put(record.key(), new TelemetryState(now, latest, null));
    }

    private void check(long wallClockMs) {
        Instant now = Instant.ofEpochMilli(wallClockMs);
        for (String key : watched) {
            guard.run("#telemetry=" + key, () -> null, () -> checkOne(key, now, wallClockMs));
        }
    }

    private void checkOne(String key, Instant now, long wallClockMs) {
        TelemetryState state = store.get(key);
        if (state == null) {
            store.put(key, new TelemetryState(now, null, null));
            LOGGER.info("telemetry watch begins watched={}", key);
        } else if (detection.silent(state, now)) {
            DetectionParameters parameters = settings.parameters();
            emitter.emit(key, detection.firing(key, state, now).openUntil(parameters.openUntil(now)), null, wallClockMs);
            store.put(key, new TelemetryState(state.lastSeen(), state.lastEventTime(), state.lastSeen()));
            refreshed.put(key, now);
        } else if (state.firing() && refreshDue(key, now)) {
            DetectionParameters parameters = settings.parameters();
            emitter.emit(key, detection.refresh(key, state, now, parameters.incidentRefresh(), parameters.openUntil(now)), null,
                    wallClockMs);
            refreshed.put(key, now);
            metrics.refresh();
        }
    }

    private boolean refreshDue(String key, Instant now) {
        Instant last = refreshed.get(key);
        return last == null || !now.isBefore(last.plus(settings.parameters().incidentRefresh()));
    }
}
