package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.AlertStatus;
import dev.rootwatch.common.model.AlertType;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * TELEMETRY_SILENT, live mode only, by wall clock: no CloudTrail event (nor advancing watermark)
 * for {@code after}. Watches either the whole events topic (the alert's account id is
 * {@value #ALL_ACCOUNTS}) or each configured account. FIRING when silence passes the limit,
 * RESOLVED (same fingerprint) at the next event. Pure decisions; {@link TelemetryProcessor} keeps
 * the state and the clock.
 */
final class TelemetrySilentDetection {

    /** The account id of the alert about the whole feed, which belongs to no one account. */
    static final String ALL_ACCOUNTS = "*";

    private final Duration after;

    TelemetrySilentDetection(DetectionParameters parameters) {
        this.after = Objects.requireNonNull(parameters, "parameters").silentAfter();
    }

    AlertType type() {
        return AlertType.TELEMETRY_SILENT;
    }

    /** True where {@code state} has been silent long enough at {@code now} and is not firing yet. */
    boolean silent(TelemetryState state, Instant now) {
        return !state.firing() && !state.lastSeen().plus(after).isAfter(now);
    }

    /** True where {@code beat} shows telemetry moving: any event, or a watermark later than the last event time. */
    static boolean progress(TelemetryState state, TelemetryBeat beat) {
        return !beat.watermark() || state == null || state.lastEventTime() == null
                || beat.eventTime().isAfter(state.lastEventTime());
    }

    AlertDraft firing(String watched, TelemetryState state, Instant now) {
        boolean all = ALL_ACCOUNTS.equals(watched);
        String title = all ? "No CloudTrail events reach rootwatch" : "No CloudTrail events from account " + watched;
        String summary = "rootwatch has received no CloudTrail event " + (all ? "at all" : "for account " + watched)
                + " since " + state.lastSeen() + " (" + Texts.duration(after) + " or more): it may be blind.";
        return new AlertDraft(type(), AlertStatus.FIRING, basis(state.lastSeen()), 0, null, now, title, summary,
                List.of(), null, null, null, null, details(watched, state, now));
    }

    /** A refresh of the open silence of {@code watched} (see {@link AlertDraft#refresh}): the same words as its FIRING. */
    AlertDraft refresh(String watched, TelemetryState state, Instant now, Duration every, Instant openUntil) {
        boolean all = ALL_ACCOUNTS.equals(watched);
        String title = all ? "No CloudTrail events reach rootwatch" : "No CloudTrail events from account " + watched;
        String summary = "rootwatch has received no CloudTrail event " + (all ? "at all" : "for account " + watched)
                + " since " + state.silentSince() + ": it may be blind.";
        return AlertDraft.refresh(type(), basis(state.silentSince()), now, every, openUntil, title, summary,
                details(watched, state, now));
    }

    AlertDraft resolved(String watched, TelemetryState state, TelemetryBeat beat, Instant now) {
        boolean all = ALL_ACCOUNTS.equals(watched);
        String title = all ? "CloudTrail events reach rootwatch again" : "CloudTrail events from account " + watched + " again";
        String summary = "rootwatch receives CloudTrail events " + (all ? "" : "for account " + watched + " ")
                + "again (silent since " + state.silentSince() + ", latest event time " + beat.eventTime() + ").";
        return new AlertDraft(type(), AlertStatus.RESOLVED, basis(state.silentSince()), 1, null, now, title, summary,
                List.of(), null, null, null, null, details(watched, state, now));
    }

    private static String basis(Instant silentSince) {
        return "silent-since|" + silentSince;
    }

    private Map<String, Object> details(String watched, TelemetryState state, Instant now) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("scope", ALL_ACCOUNTS.equals(watched) ? "all-accounts" : "account");
        details.put("silentSince", state.silentSince() == null ? state.lastSeen() : state.silentSince());
        details.put("lastEventTime", state.lastEventTime());
        details.put("silentForMinutes", Duration.between(state.silentSince() == null ? state.lastSeen()
                : state.silentSince(), now).toMinutes());
        details.put("afterMinutes", after.toMinutes());
        return details;
    }
}
