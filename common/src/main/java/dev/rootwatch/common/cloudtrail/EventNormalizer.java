package dev.rootwatch.common.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rootwatch.common.model.AccountIds;
import dev.rootwatch.common.model.Actor;
import dev.rootwatch.common.model.EventTimes;
import dev.rootwatch.common.model.Ingest;
import dev.rootwatch.common.model.Outcome;
import dev.rootwatch.common.model.Target;
import dev.rootwatch.common.model.TrailEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a CloudTrail event object into a {@code rootwatch.event/v1} record, reading the fields
 * the way real CloudTrail writes them: strings that look like booleans ("true", "Yes", "YES"),
 * empty strings where a value is absent, null request parameters, any ARN partition.
 *
 * <p>What everything downstream relies on is checked here, where the event enters: its account
 * is twelve ASCII digits and its time lies between CloudTrail's start and a day after the wall
 * clock ({@link EventTimes}); an event that fails either is refused, never passed on.
 */
public final class EventNormalizer {

    private EventNormalizer() {
    }

    /**
     * @param event           the CloudTrail event object
     * @param envelopeAccount the account named by the envelope, used when the event names none
     * @param ingest          where it came from; its {@code receivedAt} is the wall clock the event time is checked against
     * @throws InvalidEventException when the event lacks its time, source, name or account, its account id is
     *                               not twelve ASCII digits, or its time is outside the accepted range
     */
    public static TrailEvent normalize(JsonNode event, String envelopeAccount, Ingest ingest) throws InvalidEventException {
        String eventSource = text(event, "eventSource");
        String eventName = text(event, "eventName");
        if (eventSource == null || eventName == null) {
            throw new InvalidEventException("event without eventSource or eventName");
        }
        Instant eventTime = eventTime(event);
        Instant now = ingest == null || ingest.receivedAt() == null ? Instant.now() : ingest.receivedAt();
        String timeProblem = EventTimes.problem("eventTime", eventTime, now);
        if (timeProblem != null) {
            throw new InvalidEventException(timeProblem);
        }
        JsonNode identity = event.path("userIdentity");
        String accountId = firstNonNull(text(event, "recipientAccountId"), text(identity, "accountId"), blankToNull(envelopeAccount));
        if (accountId == null) {
            throw new InvalidEventException("event names no account (no recipientAccountId, userIdentity.accountId or envelope account)");
        }
        if (!AccountIds.isValid(accountId)) {
            // the value itself is not repeated: it is attacker-controlled text
            throw new InvalidEventException("account id is not twelve ASCII digits (" + accountId.length() + " characters)");
        }
        String eventId = text(event, "eventID");
        if (eventId == null) {
            eventId = syntheticId(event);
        }
        JsonNode request = event.path("requestParameters");
        String serial = text(request, "serialNumber");
        if (serial == null) {
            serial = text(event.path("responseElements").path("virtualMFADevice"), "serialNumber");
        }
        JsonNode additional = event.path("additionalEventData");
        String errorCode = text(event, "errorCode");
        String errorMessage = text(event, "errorMessage");
        return new TrailEvent(
                TrailEvent.SCHEMA,
                eventId,
                accountId,
                eventTime,
                eventSource,
                eventName,
                text(event, "awsRegion"),
                new Actor(text(identity, "type"), text(identity, "arn"), text(identity, "principalId"),
                        text(identity, "accessKeyId"),
                        flag(identity.path("sessionContext").path("attributes").path("mfaAuthenticated"))),
                text(event, "sourceIPAddress"),
                text(event, "userAgent"),
                outcome(event, eventName, errorCode, errorMessage),
                errorCode,
                errorMessage,
                flag(additional.path("MFAUsed")),
                text(additional, "MFAIdentifier"),
                new Target(text(request, "userName"), serial),
                ingest,
                event);
    }

    private static Instant eventTime(JsonNode event) throws InvalidEventException {
        String text = text(event, "eventTime");
        if (text == null) {
            throw new InvalidEventException("event without eventTime");
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeException e2) {
                throw new InvalidEventException("eventTime is not an ISO-8601 time");
            }
        }
    }

    private static Outcome outcome(JsonNode event, String eventName, String errorCode, String errorMessage) {
        if (errorCode != null || errorMessage != null) {
            return Outcome.FAILURE;
        }
        String signIn = text(event.path("responseElements"), eventName);
        String service = text(event.path("serviceEventDetails"), eventName);
        if ("Failure".equalsIgnoreCase(signIn) || "Failure".equalsIgnoreCase(service)) {
            return Outcome.FAILURE;
        }
        return Outcome.SUCCESS;
    }

    /** "true"/"false"/"yes"/"no" in any case, or a JSON boolean; null for anything else. */
    static Boolean flag(JsonNode node) {
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (!node.isTextual()) {
            return null;
        }
        return switch (node.asText().trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes" -> Boolean.TRUE;
            case "false", "no" -> Boolean.FALSE;
            default -> null;
        };
    }

    /** A field's text; null when absent, JSON null, not a scalar, or empty. */
    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        String s = v.asText();
        return s.isEmpty() ? null : s;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /**
     * An id for an event without eventID (some documented examples omit it): a hash of its
     * content with keys sorted, so that the same event delivered twice gets the same id.
     */
    static String syntheticId(JsonNode event) {
        StringBuilder canonical = new StringBuilder();
        canonicalize(event, canonical);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void canonicalize(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                sorted.put(e.getKey(), e.getValue());
            }
            out.append('{');
            sorted.forEach((k, v) -> {
                out.append('"').append(k).append("\":");
                canonicalize(v, out);
                out.append(',');
            });
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            node.forEach(v -> {
                canonicalize(v, out);
                out.append(',');
            });
            out.append(']');
        } else {
            out.append(node.toString());
        }
    }
}
