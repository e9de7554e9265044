package dev.rootwatch.common.model;

/** Whether the CloudTrail call succeeded. */
public enum Outcome {
    SUCCESS, FAILURE
}
