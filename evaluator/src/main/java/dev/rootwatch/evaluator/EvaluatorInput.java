package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.Posture;
import dev.rootwatch.common.model.TrailEvent;
import java.util.Objects;

/** One record of the merged input stream: a CloudTrail event or a posture observation. */
sealed interface EvaluatorInput {

    /** A CloudTrail event from the events topic. */
    record EventInput(TrailEvent event) implements EvaluatorInput {

        public EventInput {
            Objects.requireNonNull(event, "event");
        }
    }

    /** An IAM posture observation from the posture topic. */
    record PostureInput(Posture posture) implements EvaluatorInput {

        public PostureInput {
            Objects.requireNonNull(posture, "posture");
        }
    }
}
