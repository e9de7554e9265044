package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.MfaDeviceType;
import dev.rootwatch.common.model.TrailEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ROOT_MFA_DEVICE_DELETED: a successful DeleteVirtualMFADevice of one of root's devices. The call
 * takes no user name, so whose device it was comes from the serial only (see {@link RootDeviceMatcher}).
 */
final class RootMfaDeviceDeletedDetection implements EventDetection {

    static final String DELETE_VIRTUAL_MFA_DEVICE = "DeleteVirtualMFADevice";

    @Override
    public AlertType type() {
        return AlertType.ROOT_MFA_DEVICE_DELETED;
    }

    @Override
    public List<AlertDraft> detect(TrailEvent event, AccountState account) {
        Optional<RootDeviceMatcher.Reason> reason = RootMfaDeviceCall.match(event, account, DELETE_VIRTUAL_MFA_DEVICE);
        if (reason.isEmpty()) {
            return List.of();
        }
        String accountId = event.accountId();
        String title = "Root virtual MFA device deleted in account " + accountId;
        String summary = "A virtual MFA device of the root user of " + accountId + " was deleted by "
                + Texts.actor(event.actor()) + " " + Texts.fromAddress(event) + " at " + event.eventTime() + ".";
        Map<String, Object> details = RootMfaDeviceCall.details(event, account, MfaDeviceType.VIRTUAL, reason.get());
        return List.of(AlertDraft.forEvent(type(), event, title, summary, details));
    }
}
