package dev.rootwatch.standalone;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a fault scenario did to the pages, counted at the receiver: of the CloudTrail events sent
 * (each one root console login without MFA, so one alert each), how many reached the receiver,
 * how many reached it under two different idempotency keys (a doubled page), how many never did.
 * The same key arriving twice is a redelivery the receiver drops, not a second page.
 *
 * @param scenario     short name
 * @param done         what was done to rootwatch
 * @param sent         events sent to the queue
 * @param delivered    events whose alert the receiver accepted
 * @param duplicated   events whose alert was accepted under more than one idempotency key
 * @param lost         events whose alert never arrived
 * @param deadLettered alerts rootwatch gave up on (dead letters of the notifier)
 * @param resent       accepted calls that repeated an idempotency key already accepted (harmless redeliveries)
 * @param recovery     from the restart (or the end of the outage) until the last alert arrived
 */
record DeliveryLedger(String scenario, String done, int sent, int delivered, int duplicated, int lost, int deadLettered,
                      int resent, Duration recovery) {

    static DeliveryLedger count(String scenario, String done, Collection<String> sentEventIds, List<RecordingReceiver.Call> calls,
                                int deadLettered, Duration recovery) {
        Map<String, Set<String>> keysByEvent = new HashMap<>();
        Set<String> seenKeys = new HashSet<>();
        int resent = 0;
        for (RecordingReceiver.Call call : calls) {
            if (!call.accepted()) {
                continue;
            }
            if (!seenKeys.add(call.idempotencyKey())) {
                resent++;
            }
            for (String eventId : call.eventIds()) {
                keysByEvent.computeIfAbsent(eventId, e -> new HashSet<>()).add(call.idempotencyKey());
            }
        }
        int delivered = 0;
        int duplicated = 0;
        for (String eventId : sentEventIds) {
            Set<String> keys = keysByEvent.getOrDefault(eventId, Set.of());
            if (!keys.isEmpty()) {
                delivered++;
            }
            if (keys.size() > 1) {
                duplicated++;
            }
        }
        return new DeliveryLedger(scenario, done, sentEventIds.size(), delivered, duplicated, sentEventIds.size() - delivered,
                deadLettered, resent, recovery);
    }

    /** Whether every event sent has its alert at the receiver. */
    static boolean allDelivered(Collection<String> sentEventIds, List<RecordingReceiver.Call> calls) {
        Set<String> arrived = new HashSet<>();
        calls.stream().filter(RecordingReceiver.Call::accepted).forEach(c -> arrived.addAll(c.eventIds()));
        return arrived.containsAll(sentEventIds);
    }
}
