package dev.rootwatch.collector;

import dev.rootwatch.common.model.DeadLetterReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The dead letters of one input: the first {@link #SAMPLE} are sent one by one, with their reasons
 * and excerpts; the rest are only counted by reason, and summed up in one dead letter at the end of
 * the input. A file of a million broken lines costs eleven records on the dead-letter topic, not a
 * million, and every one of them is still counted.
 */
final class InputDeadLetters {

    /** Dead letters of one input sent one by one. */
    static final int SAMPLE = 10;

    private final Map<DeadLetterReason, Long> beyond = new EnumMap<>(DeadLetterReason.class);
    private int sent;
    private long beyondTotal;

    /** Whether this dead letter is sent; otherwise it is counted for the summary. */
    boolean admit(DeadLetterReason reason) {
        if (sent < SAMPLE) {
            sent++;
            return true;
        }
        beyond.merge(reason, 1L, Long::sum);
        beyondTotal++;
        return false;
    }

    /** Dead letters counted but not sent one by one. */
    long beyondSample() {
        return beyondTotal;
    }

    /** The most frequent reason of those not sent one by one. */
    DeadLetterReason mainReason() {
        return beyond.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse(DeadLetterReason.MALFORMED_JSON);
    }

    /** What the summary says: how many, by reason. */
    String summary() {
        return beyondTotal + " more dead letters in this input after the first " + SAMPLE + ", counted but not sent one by one ("
                + beyond.entrySet().stream().map(e -> e.getKey().label() + "=" + e.getValue()).collect(Collectors.joining(", "))
                + ")";
    }
}
