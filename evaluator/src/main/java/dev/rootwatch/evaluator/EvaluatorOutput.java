package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.DeadLetter;
import java.util.List;
import java.util.Objects;

/** What the evaluator's processors write: an alert, or the dead letter of an input they could not evaluate. */
sealed interface EvaluatorOutput {

    /** The alert it is, if it is one: for the alerts sink. */
    default List<Alert> alerts() {
        return List.of();
    }

    /** The dead letter it is, if it is one: for the dead-letter sink. */
    default List<DeadLetter> deadLetters() {
        return List.of();
    }

    /** An alert for the alerts topic. */
    record AlertOutput(Alert alert) implements EvaluatorOutput {

        public AlertOutput {
            Objects.requireNonNull(alert, "alert");
        }

        @Override
        public List<Alert> alerts() {
            return List.of(alert);
        }
    }

    /** A dead letter for the dead-letter topic. */
    record DeadLetterOutput(DeadLetter deadLetter) implements EvaluatorOutput {

        public DeadLetterOutput {
            Objects.requireNonNull(deadLetter, "deadLetter");
        }

        @Override
        public List<DeadLetter> deadLetters() {
            return List.of(deadLetter);
        }
    }
}
