package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertStatus;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.Compliance;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Turns a detection's {@link AlertDraft} into a {@code rootwatch.alert/v1}: deterministic id and
 * fingerprint (a replay or an exactly-once retry yields the same ones), the configured severity (or the
 * more urgent one the draft was raised to),
 * the type's controls and runbook, the account's current posture compliance, and the wall-clock
 * detection time.
 */
final class AlertFactory {

    private static final int FINGERPRINT_HEX_CHARS = 32;

    private final EvaluatorSettings settings;
    private final Clock clock;

    AlertFactory(EvaluatorSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    Alert create(String accountId, AlertDraft draft) {
        return create(accountId, draft, null);
    }

    /**
     * @param compliance the account's current posture compliance, added to the details as
     *                   {@code postureCompliance} where the detection did not say it; null where unknown
     */
    Alert create(String accountId, AlertDraft draft, Compliance compliance) {
        Map<String, Object> details = new LinkedHashMap<>(draft.details());
        if (compliance != null) {
            details.putIfAbsent("postureCompliance", compliance);
        }
        String fingerprint = fingerprint(draft.type(), accountId, draft.fingerprintBasis());
        return new Alert(
                Alert.SCHEMA,
                alertId(fingerprint, draft.status(), draft.sequence()),
                fingerprint,
                draft.type(),
                draft.status(),
                draft.severityGiven(settings.severity(draft.type())),
                accountId,
                draft.title(),
                draft.summary(),
                draft.eventIds(),
                draft.eventTime(),
                clock.instant(),
                draft.actor(),
                draft.sourceIp(),
                draft.userAgent(),
                draft.region(),
                draft.type().controls(),
                draft.type().runbook(),
                wireValues(details));
    }

    /** Enum and time values as the strings they become on the wire, so an alert reads the same before and after JSON. */
    private static Map<String, Object> wireValues(Map<String, Object> details) {
        Map<String, Object> out = new LinkedHashMap<>();
        details.forEach((key, value) -> out.put(key, value instanceof Enum<?> e ? e.name()
                : value instanceof Instant t ? t.toString() : value));
        return out;
    }

    /** First 32 hex characters of SHA-256 over {@code type|accountId|basis}. */
    static String fingerprint(AlertType type, String accountId, String basis) {
        byte[] digest = sha256(type.name() + "|" + accountId + "|" + basis);
        return HexFormat.of().formatHex(digest).substring(0, FINGERPRINT_HEX_CHARS);
    }

    /** A name-based UUID over {@code fingerprint|status|sequence}: one per emission, the same on every replay. */
    static String alertId(String fingerprint, AlertStatus status, int sequence) {
        String name = fingerprint + "|" + status.name() + "|" + sequence;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must support SHA-256", e);
        }
    }
}
