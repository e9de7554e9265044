package dev.rootwatch.evaluator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rootwatch.common.model.AlertStatus;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.TrailEvent;
import dev.rootwatch.common.text.LogSafe;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ROOT_ACTIVITY: root API usage by the CIS root-usage filter (userIdentity.type Root, no
 * invokedBy, eventType not AwsServiceEvent), except sign-in events (signin.amazonaws.com or
 * eventType AwsConsoleSignIn, which the console login detections report) and calls another detection already reported. A console
 * session makes hundreds of calls, so it is reported per session: account, access key and a slot
 * of {@code window} event time (UTC-aligned hours by default). The session's first call to
 * arrive fires at once (FIRING, that call's eventID); the slot's end plus the grace concludes it
 * (RESOLVED, same fingerprint, with the final call count, the calls made and the earliest
 * eventIDs). A call of a session already concluded (a straggler beyond the grace) is counted and
 * logged but reopens nothing; a session seen first only after its slot has passed fires and
 * concludes at once.
 */
final class RootActivityDetection implements WindowedDetection<RootSessionState> {

    static final String STORE = "window-root-activity";

    private static final Logger LOGGER = LoggerFactory.getLogger(RootActivityDetection.class);
    private static final String SERVICE_EVENT = "AwsServiceEvent";

    private final Duration window;
    private final Duration grace;
    private final Duration closedRetention;
    private final int maxEventIds;

    /**
     * @param parameters      the detection windows
     * @param closedRetention how long a concluded session is remembered (the dedup retention)
     */
    RootActivityDetection(DetectionParameters parameters, Duration closedRetention) {
        Objects.requireNonNull(parameters, "parameters");
        this.window = parameters.rootActivityWindow();
        this.grace = parameters.grace();
        this.maxEventIds = parameters.maxEventIds();
        this.closedRetention = Objects.requireNonNull(closedRetention, "closedRetention");
    }

    @Override
    public AlertType type() {
        return AlertType.ROOT_ACTIVITY;
    }

    @Override
    public String storeName() {
        return STORE;
    }

    @Override
    public Class<RootSessionState> stateType() {
        return RootSessionState.class;
    }

    @Override
    public RootSessionState empty() {
        return RootSessionState.empty();
    }

    /** The CIS root-usage filter, without sign-in events. */
    static boolean isRootUsage(TrailEvent event) {
        if (!event.actor().isRoot() || RootConsoleSignIn.isSignInEvent(event)) {
            return false;
        }
        JsonNode raw = event.raw();
        if (raw == null) {
            return true;
        }
        JsonNode invokedBy = raw.path("userIdentity").path("invokedBy");
        boolean invoked = invokedBy.isTextual() ? !invokedBy.asText().isBlank() : !invokedBy.isMissingNode() && !invokedBy.isNull();
        return !invoked && !SERVICE_EVENT.equals(raw.path("eventType").asText(null));
    }

    @Override
    public Step<RootSessionState> onEvent(RootSessionState state, EventFacts facts) {
        TrailEvent event = facts.event();
        if (!facts.reported().isEmpty() || !isRootUsage(event)) {
            return Step.unchanged(state);
        }
        String key = accessKey(event);
        Instant slot = slotStart(event.eventTime());
        RootSessionState.Call call = RootSessionState.Call.of(event);
        List<RootSessionState.Session> open = new ArrayList<>(state.open());
        for (int i = 0; i < open.size(); i++) {
            if (open.get(i).is(key, slot)) {
                open.set(i, open.get(i).with(call, maxEventIds));
                return Step.unchanged(new RootSessionState(open, state.closed()));
            }
        }
        List<RootSessionState.Closed> closed = new ArrayList<>(state.closed());
        for (int i = 0; i < closed.size(); i++) {
            RootSessionState.Closed done = closed.get(i);
            if (done.is(key, slot)) {
                closed.set(i, new RootSessionState.Closed(key, slot, done.lateCalls() + 1));
                LOGGER.info("root call of a concluded session counted, not reported accountId={} accessKeyId={}"
                        + " slotStart={} eventId={}", event.accountId(), LogSafe.escape(key, 100), slot,
                        LogSafe.escape(event.eventId(), 100));
                return Step.unchanged(new RootSessionState(state.open(), closed));
            }
        }
        RootSessionState.Session session = RootSessionState.Session.open(key, slot, call, maxEventIds);
        open.add(session);
        List<AlertDraft> drafts = new ArrayList<>();
        drafts.add(firing(event, session));
        RootSessionState next = new RootSessionState(open, state.closed());
        while (next.open().size() > RootSessionState.MAX_OPEN) {
            RootSessionState.Session oldest = next.open().stream()
                    .min(Comparator.comparing(RootSessionState.Session::slotStart)).orElseThrow();
            drafts.add(resolved(event.accountId(), oldest));
            next = conclude(next, oldest);
        }
        return new Step<>(next, drafts);
    }

    @Override
    public Step<RootSessionState> advance(String accountId, RootSessionState state, Instant now) {
        List<AlertDraft> drafts = new ArrayList<>();
        RootSessionState next = state;
        for (RootSessionState.Session session : state.open()) {
            if (!due(session.slotStart()).isAfter(now)) {
                drafts.add(resolved(accountId, session));
                next = conclude(next, session);
            }
        }
        List<RootSessionState.Closed> closed = next.closed().stream()
                .filter(done -> due(done.slotStart()).plus(closedRetention).isAfter(now))
                .toList();
        if (drafts.isEmpty() && closed.size() == state.closed().size()) {
            return Step.unchanged(state);
        }
        return new Step<>(new RootSessionState(next.open(), closed), drafts);
    }

    @Override
    public Instant nextDue(RootSessionState state) {
        Instant next = null;
        for (RootSessionState.Session session : state.open()) {
            next = Bounded.min(next, due(session.slotStart()));
        }
        for (RootSessionState.Closed done : state.closed()) {
            next = Bounded.min(next, due(done.slotStart()).plus(closedRetention));
        }
        return next;
    }

    private static RootSessionState conclude(RootSessionState state, RootSessionState.Session session) {
        List<RootSessionState.Session> open = new ArrayList<>(state.open());
        open.remove(session);
        List<RootSessionState.Closed> closed = Bounded.appendNewest(state.closed(),
                new RootSessionState.Closed(session.accessKeyId(), session.slotStart(), 0),
                RootSessionState.Closed::slotStart, RootSessionState.MAX_CLOSED);
        return new RootSessionState(open, closed);
    }

    private Instant slotStart(Instant at) {
        long size = window.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), size) * size);
    }

    private Instant due(Instant slotStart) {
        return slotStart.plus(window).plus(grace);
    }

    private static String accessKey(TrailEvent event) {
        String key = event.actor().accessKeyId();
        return key == null || key.isBlank() ? RootSessionState.NO_KEY : key;
    }

    private static String basis(RootSessionState.Session session) {
        return session.accessKeyId() + "|" + session.slotStart();
    }

    private AlertDraft firing(TrailEvent event, RootSessionState.Session session) {
        String accountId = event.accountId();
        String title = "Root user active in account " + accountId;
        String summary = "The root user of " + accountId + " called " + event.eventName() + " ("
                + event.eventSource() + ") " + Texts.fromAddress(event) + " at " + event.eventTime()
                + "; further calls of session " + session.accessKeyId() + " until " + session.slotStart().plus(window)
                + " are counted into this alert.";
        Map<String, Object> details = details(session);
        details.put("eventSource", event.eventSource());
        details.put("eventName", event.eventName());
        details.put("errorCode", event.errorCode());
        JsonNode raw = event.raw();
        details.put("consoleSession", raw != null && "true".equals(raw.path("sessionCredentialFromConsole").asText(null)));
        return new AlertDraft(type(), AlertStatus.FIRING, basis(session), 0, null, event.eventTime(), title, summary,
                List.of(event.eventId()), event.actor(), event.sourceIp(), event.userAgent(), event.awsRegion(), details);
    }

    private AlertDraft resolved(String accountId, RootSessionState.Session session) {
        RootSessionState.Call earliest = session.earliest();
        String title = "Root session ended in account " + accountId;
        String summary = "Root session " + session.accessKeyId() + " of " + accountId + " made " + session.count()
                + " call" + (session.count() == 1 ? "" : "s") + " between " + earliest.at() + " and " + session.last()
                + ": " + String.join(", ", session.eventNames()) + ".";
        return new AlertDraft(type(), AlertStatus.RESOLVED, basis(session), 1, null, session.last(), title, summary,
                session.eventIds().stream().map(EventRef::eventId).toList(), earliest.actor(), earliest.sourceIp(),
                earliest.userAgent(), earliest.region(), details(session));
    }

    private Map<String, Object> details(RootSessionState.Session session) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("accessKeyId", session.accessKeyId());
        details.put("slotStart", session.slotStart());
        details.put("slotEnd", session.slotStart().plus(window));
        details.put("callCount", session.count());
        details.put("eventNames", session.eventNames());
        details.put("sourceIps", session.sourceIps());
        details.put("firstCallAt", session.earliest().at());
        details.put("lastCallAt", session.last());
        details.put("eventIdsTruncated", session.count() > session.eventIds().size());
        return details;
    }
}
