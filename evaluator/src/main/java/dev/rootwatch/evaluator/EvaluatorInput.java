package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.Posture;
import dev.rootwatch.common.model.TrailEvent;
import dev.rootwatch.common.model.Watermark;
import java.util.Objects;

/** One record of the merged input stream: a CloudTrail event, a watermark, a posture observation or its withdrawal. */
sealed interface EvaluatorInput {

    /** A CloudTrail event from the events topic. */
    record EventInput(TrailEvent event) implements EvaluatorInput {

        public EventInput {
            Objects.requireNonNull(event, "event");
        }
    }

    /** A watermark from the events topic: event time of the partition has reached it. */
    record WatermarkInput(Watermark watermark) implements EvaluatorInput {

        public WatermarkInput {
            Objects.requireNonNull(watermark, "watermark");
        }
    }

    /** An IAM posture observation from the posture topic. */
    record PostureInput(Posture posture) implements EvaluatorInput {

        public PostureInput {
            Objects.requireNonNull(posture, "posture");
        }
    }

    /**
     * A tombstone on the posture topic: the collector no longer reads the account (it left the
     * organization, or the configured accounts changed), so its posture is no longer known.
     */
    record PostureGone(String accountId) implements EvaluatorInput {

        public PostureGone {
            Objects.requireNonNull(accountId, "accountId");
        }
    }
}
