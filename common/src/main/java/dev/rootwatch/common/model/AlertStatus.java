package dev.rootwatch.common.model;

/** Where an alert is in its lifecycle. */
public enum AlertStatus {
    FIRING, RESOLVED
}
