package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.TrailEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the root MFA device detections (enabled, deactivated, deleted) share: recognizing a
 * successful IAM call on one of root's devices, and the details every such alert carries.
 */
final class RootMfaDeviceCall {

    private RootMfaDeviceCall() {
    }

    /** Why the successful IAM {@code eventName} call targets one of root's devices; empty when it does not. */
    static Optional<RootDeviceMatcher.Reason> match(TrailEvent event, AccountState account, String eventName) {
        if (!event.is(Texts.IAM, eventName) || !event.succeeded()) {
            return Optional.empty();
        }
        return RootDeviceMatcher.match(event, account);
    }

    /** Serial number, device type, why the device is root's, whether the caller used MFA, the account's compliance. */
    static Map<String, Object> details(TrailEvent event, AccountState account, Object deviceType, RootDeviceMatcher.Reason reason) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("serialNumber", event.target().serialNumber());
        details.put("deviceType", deviceType);
        details.put("matchedBy", reason.label());
        details.put("actorMfaAuthenticated", event.actor().mfaAuthenticated());
        details.put("postureCompliance", account.postureCompliance());
        return details;
    }
}
