package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.TrailEvent;
import java.util.List;

/**
 * A detection that looks at one CloudTrail event at a time. Implementations are stateless; the
 * processor calls them only while their type is enabled, once per distinct eventID.
 */
interface EventDetection {

    /** The one alert type this detection raises. */
    AlertType type();

    /**
     * @param event   a deduplicated CloudTrail event of {@code account}
     * @param account what is known about the account before this event
     * @return the alerts to raise; empty for an event that is not this detection's business
     */
    List<AlertDraft> detect(TrailEvent event, AccountState account);

    /**
     * What the account remembers of {@code event} for the detection's later events; most detections remember
     * nothing. Called after {@link #detect}, in catalogue order, each with what the previous one left.
     *
     * @param event   the event just evaluated
     * @param account the account's state so far
     * @param raised  what {@link #detect} raised for the event
     * @return the account's state with what the detection remembers
     */
    default AccountState remember(TrailEvent event, AccountState account, List<AlertDraft> raised) {
        return account;
    }
}
