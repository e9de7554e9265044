package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.AlertStatus;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.Compliance;
import dev.rootwatch.common.model.Posture;
import dev.rootwatch.common.model.TrailEvent;
import dev.rootwatch.common.text.LogSafe;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ROOT_MFA_STATE_UNEXPLAINED: posture goes from root MFA enabled to disabled, and no removal of
 * one of root's MFA devices (see {@link RootMfaRemoval}) happened in the {@code lookback} before
 * the posture's observedAt. Either CloudTrail did not reach rootwatch, or MFA changed some way the
 * trail does not show. A change is held for the grace after observedAt so that a late removal
 * event can still explain it (any removal event does, late or not); then it fires, once, with the
 * posture's observedAt as fingerprint basis. No RESOLVED: it reports a past gap, and the state
 * itself is ROOT_MFA_DISABLED's. An UNKNOWN posture in between does not hide a change (the last
 * known MFA state is compared); a change to NOT_APPLICABLE (root credentials removed) is not one.
 */
final class MfaStateUnexplainedDetection implements WindowedDetection<UnexplainedState> {

    static final String STORE = "window-mfa-unexplained";

    private static final Logger LOGGER = LoggerFactory.getLogger(MfaStateUnexplainedDetection.class);

    private final Duration lookback;
    private final Duration grace;

    MfaStateUnexplainedDetection(DetectionParameters parameters) {
        Objects.requireNonNull(parameters, "parameters");
        this.lookback = parameters.unexplainedLookback();
        this.grace = parameters.grace();
    }

    @Override
    public AlertType type() {
        return AlertType.ROOT_MFA_STATE_UNEXPLAINED;
    }

    @Override
    public String storeName() {
        return STORE;
    }

    @Override
    public Class<UnexplainedState> stateType() {
        return UnexplainedState.class;
    }

    @Override
    public UnexplainedState empty() {
        return UnexplainedState.empty();
    }

    @Override
    public Step<UnexplainedState> onEvent(UnexplainedState state, EventFacts facts) {
        TrailEvent event = facts.event();
        if (!RootMfaRemoval.isRootMfaRemoval(event, facts.account())) {
            return Step.unchanged(state);
        }
        EventRef removal = new EventRef(event.eventTime(), event.eventId());
        List<UnexplainedState.Pending> pending = new ArrayList<>();
        for (UnexplainedState.Pending change : state.pending()) {
            if (explains(removal, change.observedAt())) {
                LOGGER.info("posture change explained by a late event accountId={} observedAt={} eventId={}",
                        event.accountId(), change.observedAt(), LogSafe.escape(event.eventId(), 100));
            } else {
                pending.add(change);
            }
        }
        List<EventRef> removals = Bounded.appendNewest(state.removals(), removal, EventRef::at,
                UnexplainedState.MAX_ENTRIES);
        return Step.unchanged(new UnexplainedState(state.lastMfaEnabled(), state.lastEnabledAt(), removals, pending));
    }

    @Override
    public Step<UnexplainedState> onPosture(UnexplainedState state, Posture previous, Posture current) {
        if (current.mfaEnabled() == null) {
            return Step.unchanged(state);
        }
        boolean disabled = Boolean.TRUE.equals(state.lastMfaEnabled()) && !current.mfaEnabled()
                && current.compliance() != Compliance.NOT_APPLICABLE;
        Instant enabledAt = current.mfaEnabled() ? current.observedAt() : state.lastEnabledAt();
        List<UnexplainedState.Pending> pending = state.pending();
        if (disabled && state.removals().stream().noneMatch(removal -> explains(removal, current.observedAt()))) {
            pending = Bounded.appendNewest(pending, UnexplainedState.Pending.of(previous, current, state.lastEnabledAt()),
                    UnexplainedState.Pending::observedAt, UnexplainedState.MAX_ENTRIES);
        }
        return Step.unchanged(new UnexplainedState(current.mfaEnabled(), enabledAt, state.removals(), pending));
    }

    private boolean explains(EventRef removal, Instant observedAt) {
        return !removal.at().isAfter(observedAt) && !removal.at().isBefore(observedAt.minus(lookback));
    }

    @Override
    public Step<UnexplainedState> advance(String accountId, UnexplainedState state, Instant now) {
        List<AlertDraft> drafts = new ArrayList<>();
        List<UnexplainedState.Pending> pending = new ArrayList<>();
        for (UnexplainedState.Pending change : state.pending()) {
            if (change.observedAt().plus(grace).isAfter(now)) {
                pending.add(change);
            } else {
                drafts.add(firing(accountId, change, state));
            }
        }
        List<EventRef> removals = state.removals().stream()
                .filter(removal -> removal.at().plus(lookback).plus(grace).isAfter(now))
                .toList();
        if (drafts.isEmpty() && removals.size() == state.removals().size()) {
            return Step.unchanged(state);
        }
        return new Step<>(new UnexplainedState(state.lastMfaEnabled(), state.lastEnabledAt(), removals, pending), drafts);
    }

    @Override
    public Instant nextDue(UnexplainedState state) {
        Instant next = null;
        for (UnexplainedState.Pending change : state.pending()) {
            next = Bounded.min(next, change.observedAt().plus(grace));
        }
        for (EventRef removal : state.removals()) {
            next = Bounded.min(next, removal.at().plus(lookback).plus(grace));
        }
        return next;
    }

    private AlertDraft firing(String accountId, UnexplainedState.Pending change, UnexplainedState state) {
        String title = "Root MFA disappeared without a CloudTrail event in account " + accountId;
        String summary = "IAM reports root MFA disabled in " + accountId + " at " + change.observedAt()
                + (change.enabledObservedAt() == null ? "" : " (enabled at " + change.enabledObservedAt() + ")")
                + ", but rootwatch saw no deactivation or deletion of root's MFA in the " + Texts.duration(lookback)
                + " before: CloudTrail may not be reaching rootwatch, or MFA was changed out of band.";
        Instant lastRemoval = state.removals().stream()
                .map(EventRef::at)
                .filter(at -> !at.isAfter(change.observedAt()))
                .max(Instant::compareTo)
                .orElse(null);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("observedAt", change.observedAt());
        details.put("mfaEnabledObservedAt", change.enabledObservedAt());
        details.put("mfaDevicesBefore", change.devicesBefore());
        details.put("rootPasswordPresent", change.rootPasswordPresent());
        details.put("lookbackMinutes", lookback.toMinutes());
        details.put("lastRootMfaRemovalSeenAt", lastRemoval);
        return new AlertDraft(type(), AlertStatus.FIRING, change.observedAt().toString(), 0, null,
                change.observedAt(), title, summary, List.of(), null, null, null, null, details);
    }
}
