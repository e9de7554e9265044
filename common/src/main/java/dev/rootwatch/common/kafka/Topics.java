package dev.rootwatch.common.kafka;

import dev.rootwatch.common.json.JsonSerde;
import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.DeadLetter;
import dev.rootwatch.common.model.Posture;
import dev.rootwatch.common.model.TrailEvent;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/**
 * rootwatch's four topics under one name prefix. Events, posture and alerts are keyed by the
 * 12-digit account id, so one account's records stay in one partition, in order.
 */
public record Topics(
        Topic<String, TrailEvent> events,
        Topic<String, Posture> posture,
        Topic<String, Alert> alerts,
        Topic<String, DeadLetter> deadLetter) {

    public static final String DEFAULT_PREFIX = "rootwatch.";

    public static Topics withPrefix(String prefix) {
        return new Topics(
                new Topic<>(prefix + "events", Serdes.String(), new JsonSerde<>(TrailEvent.class)),
                new Topic<>(prefix + "posture", Serdes.String(), new JsonSerde<>(Posture.class)),
                new Topic<>(prefix + "alerts", Serdes.String(), new JsonSerde<>(Alert.class)),
                new Topic<>(prefix + "deadletter", Serdes.String(), new JsonSerde<>(DeadLetter.class)));
    }

    public List<String> names() {
        return List.of(events.name(), posture.name(), alerts.name(), deadLetter.name());
    }
}
