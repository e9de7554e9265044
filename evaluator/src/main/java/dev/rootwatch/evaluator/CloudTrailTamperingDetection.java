package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.AlertStatus;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.Severity;
import dev.rootwatch.common.model.TrailEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * CLOUDTRAIL_TAMPERING: a successful call, whoever made it, that stops, removes or narrows the trail
 * that tells rootwatch about root: StopLogging, DeleteTrail, and the weakenings {@link TrailChanges}
 * reads from the request. One alert per event, naming every weakened aspect in {@code details.changes}
 * and the most severe in {@code details.change}.
 *
 * <p><b>Linked with root.</b> A weakening made as root, or at most the takeover window after a root
 * console sign-in without MFA in the same account (by eventTime), is raised to the configured root
 * severity and names the sign-in: still one alert. Where the sign-in arrives after the weakening, the
 * weakening's incident is raised again (same fingerprint, sequence 1), so receivers update the incident
 * they already have rather than page for a new one.
 */
final class CloudTrailTamperingDetection implements EventDetection {

    static final String ROOT_CALLER = "ROOT_CALLER";
    static final String AFTER_ROOT_SIGN_IN_WITHOUT_MFA = "AFTER_ROOT_SIGN_IN_WITHOUT_MFA";

    private final Duration window;
    private final Duration grace;
    private final Severity rootSeverity;

    CloudTrailTamperingDetection(DetectionParameters parameters) {
        Objects.requireNonNull(parameters, "parameters");
        this.window = parameters.takeoverWindow();
        this.grace = parameters.grace();
        this.rootSeverity = parameters.tamperingRootSeverity();
    }

    @Override
    public AlertType type() {
        return AlertType.CLOUDTRAIL_TAMPERING;
    }

    @Override
    public List<AlertDraft> detect(TrailEvent event, AccountState account) {
        Optional<TrailChange> change = TrailChanges.of(event);
        if (change.isPresent()) {
            return List.of(draft(event, change.get(), account.rootLinks()));
        }
        if (RootConsoleSignIn.isRootSignInWithoutMfa(event)) {
            RootLinks.Sighting signIn = signIn(event);
            return account.rootLinks().weakeningsAfter(signIn, window).stream()
                    .map(weakening -> raisedLater(event, weakening, signIn)).toList();
        }
        return List.of();
    }

    @Override
    public AccountState remember(TrailEvent event, AccountState account, List<AlertDraft> raised) {
        Instant now = Bounded.max(account.clock(), event.eventTime());
        RootLinks links = account.rootLinks().expired(now, window, grace);
        if (RootConsoleSignIn.isRootSignInWithoutMfa(event)) {
            RootLinks.Sighting signIn = signIn(event);
            links = links.without(links.weakeningsAfter(signIn, window)).withSignIn(signIn);
        } else if (!raised.isEmpty() && raised.get(0).severity() == null) {
            AlertDraft draft = raised.get(0);
            links = links.withWeakening(new RootLinks.Sighting(event.eventId(), event.eventTime(), draft.title(),
                    String.valueOf(draft.details().get("change"))));
        }
        return account.withRootLinks(links);
    }

    private static RootLinks.Sighting signIn(TrailEvent event) {
        return new RootLinks.Sighting(event.eventId(), event.eventTime(), null, null);
    }

    private AlertDraft draft(TrailEvent event, TrailChange change, RootLinks links) {
        String accountId = event.accountId();
        String title = change.headline() + " in account " + accountId;
        String consequences = change.weakened().stream().map(w -> w.change().consequence()).distinct()
                .collect(Collectors.joining("; "));
        Optional<RootLinks.Sighting> signIn = links.signInBefore(event.eventTime(), window);
        boolean byRoot = event.actor().isRoot();
        StringBuilder summary = new StringBuilder(change.headline()).append(" in ").append(accountId).append(" (")
                .append(event.awsRegion()).append(") by ").append(Texts.actor(event.actor())).append(' ')
                .append(Texts.fromAddress(event)).append(" at ").append(event.eventTime()).append(": ").append(consequences)
                .append(". rootwatch may go blind for this account.");
        signIn.ifPresent(s -> summary.append(" It came ").append(Texts.duration(Duration.between(s.at(), event.eventTime())))
                .append(" after a root console sign-in without MFA (").append(s.eventId()).append(")."));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("eventName", event.eventName());
        details.put("change", change.weakened().get(0).change());
        details.put("changes", changes(change));
        details.put(change.subjectKey(), change.subject());
        details.put("actorType", event.actor().type());
        details.put("actorMfaAuthenticated", event.actor().mfaAuthenticated());
        AlertDraft draft = AlertDraft.forEvent(type(), event, title, summary.toString(), details);
        if (!byRoot && signIn.isEmpty()) {
            return draft;
        }
        details.put("raisedBecause", byRoot ? ROOT_CALLER : AFTER_ROOT_SIGN_IN_WITHOUT_MFA);
        List<String> eventIds = new ArrayList<>(List.of(event.eventId()));
        signIn.ifPresent(s -> {
            details.put("rootLoginEventId", s.eventId());
            details.put("rootLoginAt", s.at());
            eventIds.add(s.eventId());
        });
        return new AlertDraft(type(), AlertStatus.FIRING, event.eventId(), 0, null, event.eventTime(), title,
                summary.toString(), eventIds, event.actor(), event.sourceIp(), event.userAgent(), event.awsRegion(), details,
                rootSeverity);
    }

    /** The weakening's incident again, raised: a root sign-in without MFA that precedes it arrived after it. */
    private AlertDraft raisedLater(TrailEvent login, RootLinks.Sighting weakening, RootLinks.Sighting signIn) {
        String summary = "The trail weakening " + weakening.eventId() + " (" + weakening.change() + ") in " + login.accountId()
                + " at " + weakening.at() + " came " + Texts.duration(Duration.between(signIn.at(), weakening.at()))
                + " after a root console sign-in without MFA " + Texts.fromAddress(login) + " at " + signIn.at() + " ("
                + signIn.eventId() + "), which arrived later: the same incident, raised.";
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("change", weakening.change());
        details.put("raisedBecause", AFTER_ROOT_SIGN_IN_WITHOUT_MFA);
        details.put("weakeningEventId", weakening.eventId());
        details.put("rootLoginEventId", signIn.eventId());
        details.put("rootLoginAt", signIn.at());
        details.put("rootLoginSourceIp", login.sourceIp());
        return new AlertDraft(type(), AlertStatus.FIRING, weakening.eventId(), 1, null, weakening.at(),
                weakening.title(), summary, List.of(weakening.eventId(), signIn.eventId()), null, null, null, null, details,
                rootSeverity);
    }

    private static List<Map<String, Object>> changes(TrailChange change) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TrailChange.Weakened weakened : change.weakened()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("change", weakened.change().name());
            one.put("setting", weakened.change().setting());
            if (weakened.before() != null) {
                one.put("before", weakened.before());
            }
            if (weakened.after() != null) {
                one.put("after", weakened.after());
            }
            out.add(one);
        }
        return List.copyOf(out);
    }
}
