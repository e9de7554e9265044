package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.AccountIds;
import dev.rootwatch.common.model.EventTimes;
import dev.rootwatch.common.model.Posture;
import dev.rootwatch.common.model.TrailEvent;
import dev.rootwatch.common.model.Watermark;

/**
 * What an input must be for the evaluator to evaluate it, checked before it touches any state:
 * an account id of twelve ASCII digits, and times within the fixed range the evaluator computes
 * with ({@link EventTimes#outsideFixedBounds}). The collector refuses worse already; this keeps a
 * record written to the topics by anything else from reaching the detections.
 */
final class InputCheck {

    /** AWS lets a user hold 8 MFA devices; far more in one posture is not IAM's answer. */
    static final int MAX_MFA_DEVICES = 100;

    private InputCheck() {
    }

    /** Why {@code input} cannot be evaluated, or null when it can. */
    static String problem(EvaluatorInput input) {
        if (input instanceof EvaluatorInput.EventInput event) {
            return problem(event.event());
        }
        if (input instanceof EvaluatorInput.PostureInput posture) {
            return problem(posture.posture());
        }
        if (input instanceof EvaluatorInput.PostureGone gone) {
            return AccountIds.isValid(gone.accountId()) ? null : "posture tombstone's key is not twelve ASCII digits";
        }
        if (input instanceof EvaluatorInput.WatermarkInput watermark) {
            return problem(watermark.watermark());
        }
        return null;
    }

    static String problem(TrailEvent event) {
        if (!AccountIds.isValid(event.accountId())) {
            return "event's account id is not twelve ASCII digits";
        }
        return EventTimes.outsideFixedBounds("eventTime", event.eventTime());
    }

    static String problem(Posture posture) {
        if (!AccountIds.isValid(posture.accountId())) {
            return "posture's account id is not twelve ASCII digits";
        }
        if (posture.devices().size() > MAX_MFA_DEVICES) {
            return "posture lists " + posture.devices().size() + " MFA devices, more than " + MAX_MFA_DEVICES;
        }
        return EventTimes.outsideFixedBounds("observedAt", posture.observedAt());
    }

    static String problem(Watermark watermark) {
        return EventTimes.outsideFixedBounds("watermark eventTime", watermark.eventTime());
    }
}
