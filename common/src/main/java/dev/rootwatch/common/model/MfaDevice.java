package dev.rootwatch.common.model;

/** One MFA device assigned to the root user. */
public record MfaDevice(String serialNumber, MfaDeviceType type) {

    public MfaDevice {
        type = type == null ? MfaDeviceType.UNKNOWN : type;
    }
}
