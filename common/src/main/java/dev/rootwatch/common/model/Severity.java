package dev.rootwatch.common.model;

/** Alert severity, most urgent first. */
public enum Severity {
    CRITICAL, HIGH, MEDIUM, LOW, INFO
}
