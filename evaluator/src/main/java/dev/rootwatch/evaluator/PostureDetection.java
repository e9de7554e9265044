package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.Posture;
import java.util.List;
import java.util.Optional;

/**
 * A detection of a state of an account, driven by posture observations. It returns a FIRING
 * draft to open an incident and a RESOLVED draft (built from the open incident) to close it; the
 * processor keeps the incident store in step with what it returns.
 */
interface PostureDetection {

    /** The one alert type this detection raises. */
    AlertType type();

    /**
     * @param previous  the account's posture before this one, or null
     * @param current   the posture just observed
     * @param incidents the account's open incidents
     */
    List<AlertDraft> detect(Posture previous, Posture current, IncidentView incidents);

    /** Read-only access to one account's open incidents. */
    @FunctionalInterface
    interface IncidentView {
        Optional<OpenIncident> open(AlertType type);
    }
}
