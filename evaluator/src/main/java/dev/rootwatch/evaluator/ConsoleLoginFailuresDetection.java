package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.AlertStatus;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.TrailEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * ROOT_CONSOLE_LOGIN_FAILURES: at least {@code threshold} failed root console sign-ins of one
 * account within {@code window} of event time. One incident per burst, not one per failure: it
 * fires (FIRING) as soon as the threshold is reached; later failures within the window of the
 * burst join it silently; when no failure has followed the burst's last one within the window
 * and the grace has passed, a RESOLVED carries the final count and the earliest eventIDs.
 *
 * <p>A failure that arrives later than the grace (see {@link WindowedDetection.EventFacts#late})
 * neither completes a threshold nor joins a burst. The fingerprint basis {@code burst-<n>} numbers
 * an account's bursts, so it does not depend on which failure happened to arrive first.
 */
final class ConsoleLoginFailuresDetection implements WindowedDetection<LoginFailureState> {

    static final String STORE = "window-login-failures";

    private final int threshold;
    private final Duration window;
    private final Duration grace;
    private final int maxEventIds;

    ConsoleLoginFailuresDetection(DetectionParameters parameters) {
        Objects.requireNonNull(parameters, "parameters");
        this.threshold = parameters.loginFailureThreshold();
        this.window = parameters.loginFailureWindow();
        this.grace = parameters.grace();
        this.maxEventIds = parameters.maxEventIds();
    }

    @Override
    public AlertType type() {
        return AlertType.ROOT_CONSOLE_LOGIN_FAILURES;
    }

    @Override
    public String storeName() {
        return STORE;
    }

    @Override
    public Class<LoginFailureState> stateType() {
        return LoginFailureState.class;
    }

    @Override
    public LoginFailureState empty() {
        return LoginFailureState.empty();
    }

    static boolean isRootSignInFailure(TrailEvent event) {
        return RootConsoleSignIn.isRootConsoleLogin(event) && !event.succeeded();
    }

    @Override
    public Step<LoginFailureState> onEvent(LoginFailureState state, EventFacts facts) {
        TrailEvent event = facts.event();
        if (!isRootSignInFailure(event) || facts.late()) {
            return Step.unchanged(state);
        }
        LoginFailureState.Failure failure = LoginFailureState.Failure.of(event);
        List<LoginFailureState.Burst> open = new ArrayList<>(state.open());
        for (int i = 0; i < open.size(); i++) {
            if (open.get(i).covers(failure.at(), window)) {
                open.set(i, open.get(i).with(failure, maxEventIds));
                return Step.unchanged(new LoginFailureState(state.bursts(), state.unassigned(), open));
            }
        }
        List<LoginFailureState.Failure> unassigned = Bounded.appendNewest(state.unassigned(), failure,
                LoginFailureState.Failure::at, LoginFailureState.MAX_UNASSIGNED);
        if (!reachesThreshold(unassigned, failure.at())) {
            return Step.unchanged(new LoginFailureState(state.bursts(), unassigned, state.open()));
        }
        List<LoginFailureState.Failure> members = new ArrayList<>();
        List<LoginFailureState.Failure> rest = new ArrayList<>();
        for (LoginFailureState.Failure candidate : unassigned) {
            boolean near = !candidate.at().isBefore(failure.at().minus(window))
                    && !candidate.at().isAfter(failure.at().plus(window));
            (near ? members : rest).add(candidate);
        }
        members.sort((a, b) -> EventRef.ORDER.compare(a.ref(), b.ref()));
        LoginFailureState.Burst burst = LoginFailureState.Burst.of(state.bursts() + 1, members, maxEventIds);
        open.add(burst);
        List<AlertDraft> drafts = new ArrayList<>();
        drafts.add(firing(burst, event));
        while (open.size() > LoginFailureState.MAX_OPEN) {
            drafts.add(resolved(event.accountId(), open.remove(0)));
        }
        return new Step<>(new LoginFailureState(burst.number(), rest, open), drafts);
    }

    /** True where some window of {@code window} length that contains {@code at} holds {@code threshold} failures. */
    private boolean reachesThreshold(List<LoginFailureState.Failure> failures, Instant at) {
        for (LoginFailureState.Failure start : failures) {
            if (start.at().isAfter(at) || start.at().isBefore(at.minus(window))) {
                continue;
            }
            Instant end = start.at().plus(window);
            long inWindow = failures.stream()
                    .filter(f -> !f.at().isBefore(start.at()) && !f.at().isAfter(end))
                    .count();
            if (inWindow >= threshold) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Step<LoginFailureState> advance(String accountId, LoginFailureState state, Instant now) {
        List<AlertDraft> drafts = new ArrayList<>();
        List<LoginFailureState.Burst> open = new ArrayList<>();
        for (LoginFailureState.Burst burst : state.open()) {
            if (due(burst.last()).isAfter(now)) {
                open.add(burst);
            } else {
                drafts.add(resolved(accountId, burst));
            }
        }
        List<LoginFailureState.Failure> unassigned = state.unassigned().stream()
                .filter(f -> due(f.at()).isAfter(now))
                .toList();
        if (drafts.isEmpty() && unassigned.size() == state.unassigned().size()) {
            return Step.unchanged(state);
        }
        return new Step<>(new LoginFailureState(state.bursts(), unassigned, open), drafts);
    }

    @Override
    public Instant nextDue(LoginFailureState state) {
        Instant next = null;
        for (LoginFailureState.Burst burst : state.open()) {
            next = Bounded.min(next, due(burst.last()));
        }
        for (LoginFailureState.Failure failure : state.unassigned()) {
            next = Bounded.min(next, due(failure.at()));
        }
        return next;
    }

    private Instant due(Instant at) {
        return at.plus(window).plus(grace);
    }

    private AlertDraft firing(LoginFailureState.Burst burst, TrailEvent trigger) {
        String accountId = trigger.accountId();
        String title = "Repeated failed root console sign-ins in account " + accountId;
        String summary = burst.count() + " root console sign-ins to " + accountId + " failed within "
                + Texts.duration(window) + " (first at " + burst.first() + ", latest " + Texts.fromAddress(trigger)
                + " at " + trigger.eventTime() + "); further failures of this burst are counted, not paged.";
        return new AlertDraft(type(), AlertStatus.FIRING, basis(burst), 0, null, trigger.eventTime(), title, summary,
                burst.eventIdList(), trigger.actor(), trigger.sourceIp(), trigger.userAgent(), trigger.awsRegion(),
                details(burst));
    }

    private AlertDraft resolved(String accountId, LoginFailureState.Burst burst) {
        LoginFailureState.Failure earliest = burst.earliest();
        String title = "Failed root console sign-ins ended in account " + accountId;
        String summary = "The burst of " + burst.count() + " failed root console sign-ins to " + accountId
                + " between " + burst.first() + " and " + burst.last() + " is over: no failure followed within "
                + Texts.duration(window) + ".";
        return new AlertDraft(type(), AlertStatus.RESOLVED, basis(burst), 1, null, burst.last(), title, summary,
                burst.eventIdList(), earliest.actor(), earliest.sourceIp(), earliest.userAgent(), earliest.region(),
                details(burst));
    }

    private static String basis(LoginFailureState.Burst burst) {
        return "burst-" + burst.number();
    }

    private Map<String, Object> details(LoginFailureState.Burst burst) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("failureCount", burst.count());
        details.put("threshold", threshold);
        details.put("windowMinutes", window.toMinutes());
        details.put("firstFailureAt", burst.first());
        details.put("lastFailureAt", burst.last());
        details.put("sourceIps", burst.sourceIps());
        details.put("passwordAcceptedMfaFailed", burst.passwordAccepted());
        details.put("eventIdsTruncated", burst.count() > burst.eventIds().size());
        details.put("burst", burst.number());
        return details;
    }
}
