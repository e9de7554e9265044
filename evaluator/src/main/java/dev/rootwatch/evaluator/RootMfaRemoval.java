package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.TrailEvent;

/**
 * Recognizes the removal of one of root's MFA devices: a successful DeactivateMFADevice or
 * DeleteVirtualMFADevice whose device {@link RootDeviceMatcher} judges root's. The same events
 * ROOT_MFA_DEVICE_DEACTIVATED and ROOT_MFA_DEVICE_DELETED report; the sequences build on them.
 */
final class RootMfaRemoval {

    private RootMfaRemoval() {
    }

    static boolean isRootMfaRemoval(TrailEvent event, AccountState account) {
        boolean removal = event.is(Texts.IAM, RootDeviceMatcher.DEACTIVATE_MFA_DEVICE)
                || event.is(Texts.IAM, RootMfaDeviceDeletedDetection.DELETE_VIRTUAL_MFA_DEVICE);
        return removal && event.succeeded() && RootDeviceMatcher.match(event, account).isPresent();
    }
}
