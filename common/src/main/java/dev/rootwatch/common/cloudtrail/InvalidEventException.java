package dev.rootwatch.common.cloudtrail;

/** A CloudTrail event that lacks what rootwatch needs to evaluate it. */
public final class InvalidEventException extends Exception {

    public InvalidEventException(String message) {
        super(message);
    }
}
