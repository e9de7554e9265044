package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.TrailEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ROOT_MFA_DEVICE_ENABLED: a successful EnableMFADevice whose device is root's (see
 * {@link RootDeviceMatcher}; the console names the user {@code AWS ROOT USER}). Informational:
 * root gained an MFA device; the serial is remembered as root's from then on.
 */
final class RootMfaDeviceEnabledDetection implements EventDetection {

    static final String ENABLE_MFA_DEVICE = "EnableMFADevice";

    @Override
    public AlertType type() {
        return AlertType.ROOT_MFA_DEVICE_ENABLED;
    }

    @Override
    public List<AlertDraft> detect(TrailEvent event, AccountState account) {
        Optional<RootDeviceMatcher.Reason> reason = RootMfaDeviceCall.match(event, account, ENABLE_MFA_DEVICE);
        if (reason.isEmpty()) {
            return List.of();
        }
        String accountId = event.accountId();
        String title = "Root MFA device enabled in account " + accountId;
        String summary = "An MFA device was enabled for the root user of " + accountId + " by "
                + Texts.actor(event.actor()) + " " + Texts.fromAddress(event) + " at " + event.eventTime() + ".";
        Map<String, Object> details = RootMfaDeviceCall.details(event, account, MfaDeviceTypes.of(event.target().serialNumber(), account.posture()), reason.get());
        return List.of(AlertDraft.forEvent(type(), event, title, summary, details));
    }
}
