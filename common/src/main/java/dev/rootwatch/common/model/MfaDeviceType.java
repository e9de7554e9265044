package dev.rootwatch.common.model;

/** The kind of an MFA device of the root user. */
public enum MfaDeviceType {
    VIRTUAL, HARDWARE, PASSKEY, UNKNOWN
}
