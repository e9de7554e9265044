package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.TrailEvent;
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
        Optional<RootDeviceMatcher.Reason> reason = RootMfaDeviceCall.match(event, account, RootDeviceMatcher.DEACTIVATE_MFA_DEVICE);
        if (reason.isEmpty()) {
            return List.of();
        }
        String accountId = event.accountId();
        String title = "Root MFA device deactivated in account " + accountId;
        String summary = "An MFA device of the root user of " + accountId + " was deactivated by "
                + Texts.actor(event.actor()) + " " + Texts.fromAddress(event) + " at " + event.eventTime() + ".";
        Map<String, Object> details = RootMfaDeviceCall.details(event, account, MfaDeviceTypes.of(event.target().serialNumber(), account.posture()), reason.get());
        details.put("targetUserName", event.target().userName());
        return List.of(AlertDraft.forEvent(type(), event, title, summary, details));
    }
}
