package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertStatus;
import dev.rootwatch.common.model.Posture;
import dev.rootwatch.common.model.TrailEvent;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluator's one stateful step: deduplicates events, keeps each account's state and open
 * incidents, runs the enabled detections and forwards their alerts keyed by account id. Event
 * time is the TrailEvent's eventTime or the posture's observedAt, never a Kafka Streams window.
 */
final class EvaluatorProcessor implements Processor<String, EvaluatorInput, String, Alert> {

    private static final Logger LOGGER = LoggerFactory.getLogger(EvaluatorProcessor.class);

    /** The MFA calls whose target, once judged root's, is remembered as a root serial. */
    private static final Set<String> ROOT_SERIAL_EVIDENCE = Set.of(
            "EnableMFADevice", "DeactivateMFADevice", "DeleteVirtualMFADevice", "ResyncMFADevice");

    private final EvaluatorSettings settings;
    private final Detections detections;
    private final AlertFactory alerts;
    private final EvaluatorMetrics metrics;

    private ProcessorContext<String, Alert> context;
    private WindowStore<String, Long> dedup;
    private KeyValueStore<String, AccountState> accounts;
    private KeyValueStore<String, OpenIncident> incidents;

    EvaluatorProcessor(EvaluatorSettings settings, Detections detections, AlertFactory alerts, EvaluatorMetrics metrics) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.detections = Objects.requireNonNull(detections, "detections");
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.dedup = context.getStateStore(EvaluatorTopology.DEDUP_STORE);
        this.accounts = context.getStateStore(EvaluatorTopology.ACCOUNT_STORE);
        this.incidents = context.getStateStore(EvaluatorTopology.INCIDENT_STORE);
    }

    @Override
    public void process(Record<String, EvaluatorInput> record) {
        EvaluatorInput input = record.value();
        if (input instanceof EvaluatorInput.EventInput eventInput) {
            onEvent(eventInput.event(), record.timestamp());
        } else if (input instanceof EvaluatorInput.PostureInput postureInput) {
            onPosture(postureInput.posture(), record.timestamp());
        } else {
            metrics.tombstone();
            LOGGER.debug("skipped record without value key={}", record.key());
        }
    }

    private void onEvent(TrailEvent event, long timestamp) {
        metrics.event();
        String accountId = event.accountId();
        if (isDuplicate(accountId + "|" + event.eventId(), timestamp)) {
            metrics.duplicate();
            LOGGER.debug("duplicate event not evaluated again accountId={} eventId={}", accountId, event.eventId());
            return;
        }
        AccountState account = account(accountId);
        for (EventDetection detection : detections.events()) {
            if (settings.enabled(detection.type())) {
                emitAll(accountId, detection.detect(event, account), timestamp);
            }
        }
        AccountState learned = learnRootSerial(event, account);
        if (learned != account) {
            accounts.put(accountId, learned);
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
        PostureDetection.IncidentView view = type ->
                Optional.ofNullable(incidents.get(OpenIncident.key(accountId, type)));
        for (PostureDetection detection : detections.postures()) {
            if (settings.enabled(detection.type())) {
                emitAll(accountId, detection.detect(previous, posture, view), timestamp);
            }
        }
        accounts.put(accountId, account.withPosture(posture));
        LOGGER.debug("posture applied accountId={} compliance={}", accountId, posture.compliance());
    }

    private void emitAll(String accountId, List<AlertDraft> drafts, long timestamp) {
        for (AlertDraft draft : drafts) {
            Alert alert = alerts.create(accountId, draft);
            trackIncident(accountId, draft, alert);
            context.forward(new Record<>(accountId, alert, timestamp));
            metrics.alert(alert);
            LOGGER.info("alert emitted type={} status={} severity={} accountId={} alertId={} fingerprint={}",
                    alert.type(), alert.status(), alert.severity(), accountId, alert.alertId(), alert.fingerprint());
        }
    }

    private void trackIncident(String accountId, AlertDraft draft, Alert alert) {
        if (draft.incident() == null) {
            return;
        }
        String key = OpenIncident.key(accountId, draft.type());
        if (draft.status() == AlertStatus.FIRING) {
            incidents.put(key, new OpenIncident(alert.fingerprint(), draft.incident().openedAt(), alert.eventTime(),
                    draft.sequence() + 1));
        } else {
            incidents.delete(key);
        }
    }

    private AccountState account(String accountId) {
        AccountState stored = accounts.get(accountId);
        return stored == null ? AccountState.empty(accountId) : stored;
    }
}
