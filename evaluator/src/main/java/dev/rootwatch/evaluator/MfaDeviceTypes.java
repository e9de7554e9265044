package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.MfaDevice;
import dev.rootwatch.common.model.MfaDeviceType;
import dev.rootwatch.common.model.Posture;

/** The kind of an MFA device, from the latest posture where it lists the serial, else from the serial's form. */
final class MfaDeviceTypes {

    private MfaDeviceTypes() {
    }

    static MfaDeviceType of(String serialNumber, Posture posture) {
        if (serialNumber == null || serialNumber.isBlank()) {
            return MfaDeviceType.UNKNOWN;
        }
        if (posture != null) {
            for (MfaDevice device : posture.devices()) {
                if (serialNumber.equals(device.serialNumber())) {
                    return device.type();
                }
            }
        }
        if (serialNumber.contains(":mfa/")) {
            return MfaDeviceType.VIRTUAL;
        }
        if (serialNumber.contains(":u2f/")) {
            return MfaDeviceType.PASSKEY;
        }
        // hardware TOTP tokens are identified by their printed serial, not an ARN
        return serialNumber.startsWith("arn:") ? MfaDeviceType.UNKNOWN : MfaDeviceType.HARDWARE;
    }
}
