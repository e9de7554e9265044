package dev.rootwatch.common.model;

/**
 * What an IAM MFA call acted on: requestParameters.userName and the device serial number
 * (requestParameters.serialNumber, or responseElements.virtualMFADevice.serialNumber for
 * CreateVirtualMFADevice). Either may be null.
 */
public record Target(String userName, String serialNumber) {

    public static final Target NONE = new Target(null, null);
}
