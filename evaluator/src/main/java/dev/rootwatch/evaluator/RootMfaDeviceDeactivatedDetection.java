package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.TrailEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** ROOT_MFA_DEVICE_DEACTIVATED: a successful DeactivateMFADevice of one of root's devices. */
final class RootMfaDeviceDeactivatedDetection implements EventDetection {

    @Override
    public AlertType type() {
        return AlertType.ROOT_MFA_DEVICE_DEACTIVATED;
    }

    @Override
    public List<AlertDraft> detect(TrailEvent event, AccountState account) {
        if (!event.is(Texts.IAM, RootDeviceMatcher.DEACTIVATE_MFA_DEVICE) || !event.succeeded()) {
            return List.of();
        }
        Optional<RootDeviceMatcher.Reason> reason = RootDeviceMatcher.match(event, account);
        if (reason.isEmpty()) {
            return List.of();
        }
        String accountId = event.accountId();
        String serial = event.target().serialNumber();
        String title = "Root MFA device deactivated in account " + accountId;
        String summary = "An MFA device of the root user of " + accountId + " was deactivated by "
                + Texts.actor(event.actor()) + " " + Texts.fromAddress(event) + " at " + event.eventTime() + ".";
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("serialNumber", serial);
        details.put("targetUserName", event.target().userName());
        details.put("deviceType", MfaDeviceTypes.of(serial, account.posture()));
        details.put("matchedBy", reason.get().label());
        details.put("actorMfaAuthenticated", event.actor().mfaAuthenticated());
        details.put("postureCompliance", account.postureCompliance());
        return List.of(AlertDraft.forEvent(type(), event, title, summary, details));
    }
}
