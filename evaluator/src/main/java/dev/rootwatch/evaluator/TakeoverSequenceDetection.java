package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.AlertStatus;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.MfaDeviceType;
import dev.rootwatch.common.model.TrailEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * ROOT_TAKEOVER_SEQUENCE: a successful root console sign-in and, at most {@code window} after it
 * by eventTime (inclusive), a removal of one of root's MFA devices, in whichever order the two
 * arrive. One FIRING per sign-in (a console removal is a deactivation and a deletion: one
 * incident), fingerprinted by the sign-in's eventID; no RESOLVED: a takeover does not end by
 * itself. Events later than the grace do not take part. A sign-in is kept until no removal that
 * pairs with it can still arrive (its time + window + grace), a removal until no sign-in can.
 */
final class TakeoverSequenceDetection implements WindowedDetection<TakeoverState> {

    static final String STORE = "window-takeover";

    private final Duration window;
    private final Duration grace;

    TakeoverSequenceDetection(DetectionParameters parameters) {
        Objects.requireNonNull(parameters, "parameters");
        this.window = parameters.takeoverWindow();
        this.grace = parameters.grace();
    }

    @Override
    public AlertType type() {
        return AlertType.ROOT_TAKEOVER_SEQUENCE;
    }

    @Override
    public String storeName() {
        return STORE;
    }

    @Override
    public Class<TakeoverState> stateType() {
        return TakeoverState.class;
    }

    @Override
    public TakeoverState empty() {
        return TakeoverState.empty();
    }

    @Override
    public Step<TakeoverState> onEvent(TakeoverState state, EventFacts facts) {
        TrailEvent event = facts.event();
        if (facts.late()) {
            return Step.unchanged(state);
        }
        if (RootConsoleSignIn.isSuccessfulRootSignIn(event)) {
            return onLogin(state, TakeoverState.Login.of(event), facts.account());
        }
        if (RootMfaRemoval.isRootMfaRemoval(event, facts.account())) {
            return onRemoval(state, TakeoverState.Removal.of(event), facts.account());
        }
        return Step.unchanged(state);
    }

    private Step<TakeoverState> onLogin(TakeoverState state, TakeoverState.Login login, AccountState account) {
        Optional<TakeoverState.Removal> partner = state.removals().stream()
                .filter(removal -> pairs(login, removal))
                .min(Comparator.comparing(TakeoverState.Removal::ref, EventRef.ORDER));
        TakeoverState.Login stored = partner.isPresent() ? login.markFired() : login;
        List<TakeoverState.Login> logins = Bounded.appendNewest(state.logins(), stored, TakeoverState.Login::at,
                TakeoverState.MAX_ENTRIES);
        TakeoverState next = new TakeoverState(logins, state.removals());
        return partner.map(removal -> new Step<>(next, List.of(firing(login, removal, account))))
                .orElseGet(() -> Step.unchanged(next));
    }

    private Step<TakeoverState> onRemoval(TakeoverState state, TakeoverState.Removal removal, AccountState account) {
        List<AlertDraft> drafts = new ArrayList<>();
        List<TakeoverState.Login> logins = new ArrayList<>();
        for (TakeoverState.Login login : state.logins()) {
            if (!login.fired() && pairs(login, removal)) {
                drafts.add(firing(login, removal, account));
                logins.add(login.markFired());
            } else {
                logins.add(login);
            }
        }
        List<TakeoverState.Removal> removals = Bounded.appendNewest(state.removals(), removal,
                TakeoverState.Removal::at, TakeoverState.MAX_ENTRIES);
        return new Step<>(new TakeoverState(logins, removals), drafts);
    }

    /** The removal happened at the sign-in or after it, at most the window later. */
    private boolean pairs(TakeoverState.Login login, TakeoverState.Removal removal) {
        return !removal.at().isBefore(login.at()) && !removal.at().isAfter(login.at().plus(window));
    }

    @Override
    public Step<TakeoverState> advance(String accountId, TakeoverState state, Instant now) {
        List<TakeoverState.Login> logins = state.logins().stream()
                .filter(login -> login.at().plus(window).plus(grace).isAfter(now))
                .toList();
        List<TakeoverState.Removal> removals = state.removals().stream()
                .filter(removal -> removal.at().plus(grace).isAfter(now))
                .toList();
        if (logins.size() == state.logins().size() && removals.size() == state.removals().size()) {
            return Step.unchanged(state);
        }
        return Step.unchanged(new TakeoverState(logins, removals));
    }

    @Override
    public Instant nextDue(TakeoverState state) {
        Instant next = null;
        for (TakeoverState.Login login : state.logins()) {
            next = Bounded.min(next, login.at().plus(window).plus(grace));
        }
        for (TakeoverState.Removal removal : state.removals()) {
            next = Bounded.min(next, removal.at().plus(grace));
        }
        return next;
    }

    private AlertDraft firing(TakeoverState.Login login, TakeoverState.Removal removal, AccountState account) {
        String accountId = account.accountId();
        Duration between = Duration.between(login.at(), removal.at());
        String title = "Possible root takeover in account " + accountId;
        String summary = "The root user of " + accountId + " signed in to the console "
                + Texts.fromAddress(login.sourceIp()) + " at " + login.at() + ", and at " + removal.at()
                + ", within " + Texts.duration(window) + " of it, one of root's MFA devices was removed ("
                + removal.eventName() + ").";
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("loginEventId", login.eventId());
        details.put("loginAt", login.at());
        details.put("loginSourceIp", login.sourceIp());
        details.put("loginMfaUsed", login.mfaUsed());
        details.put("removalEventId", removal.eventId());
        details.put("removalEventName", removal.eventName());
        details.put("removalAt", removal.at());
        details.put("removalActorArn", removal.actorArn());
        details.put("removalSourceIp", removal.sourceIp());
        details.put("serialNumber", removal.serialNumber());
        details.put("deviceType", removal.eventName().equals(RootMfaDeviceDeletedDetection.DELETE_VIRTUAL_MFA_DEVICE)
                ? MfaDeviceType.VIRTUAL : MfaDeviceTypes.of(removal.serialNumber(), account.posture()));
        details.put("secondsBetween", between.getSeconds());
        details.put("windowMinutes", window.toMinutes());
        return new AlertDraft(type(), AlertStatus.FIRING, login.eventId(), 0, null, removal.at(), title, summary,
                List.of(login.eventId(), removal.eventId()), login.actor(), login.sourceIp(), login.userAgent(),
                login.region(), details);
    }
}
