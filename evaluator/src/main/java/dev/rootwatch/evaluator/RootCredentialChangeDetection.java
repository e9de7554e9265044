package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.TrailEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ROOT_CREDENTIAL_CHANGE: root's own credentials changed. A successful root PasswordUpdated or
 * PasswordRecoveryCompleted sign-in event; a successful CreateAccessKey by root naming no user
 * (or naming {@code AWS ROOT USER}, as the console does): a key for root itself; a key root creates
 * for an IAM user is ROOT_ACTIVITY. A successful CreateLoginProfile by a Root identity naming no
 * user (an AssumeRoot session giving root a password back).
 */
final class RootCredentialChangeDetection implements EventDetection {

    /** What changed, as {@code details.change} says it. */
    enum Change {
        PASSWORD_UPDATED("PasswordUpdated", "changed its password"),
        PASSWORD_RECOVERED("PasswordRecoveryCompleted", "reset its password through password recovery"),
        ACCESS_KEY_CREATED("CreateAccessKey", "was given an access key"),
        LOGIN_PROFILE_CREATED("CreateLoginProfile", "was given a console password (login profile)");

        private final String eventName;
        private final String phrase;

        Change(String eventName, String phrase) {
            this.eventName = eventName;
            this.phrase = phrase;
        }
    }

    @Override
    public AlertType type() {
        return AlertType.ROOT_CREDENTIAL_CHANGE;
    }

    @Override
    public List<AlertDraft> detect(TrailEvent event, AccountState account) {
        Optional<Change> change = change(event);
        if (change.isEmpty()) {
            return List.of();
        }
        String accountId = event.accountId();
        String title = "Root credentials changed in account " + accountId;
        String summary = "The root user of " + accountId + " " + change.get().phrase + " (" + event.eventName()
                + " by " + Texts.actor(event.actor()) + " " + Texts.fromAddress(event) + " at " + event.eventTime() + ").";
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("change", change.get());
        details.put("eventName", event.eventName());
        details.put("actorMfaAuthenticated", event.actor().mfaAuthenticated());
        if (change.get() == Change.ACCESS_KEY_CREATED && event.raw() != null) {
            String keyId = event.raw().path("responseElements").path("accessKey").path("accessKeyId").asText(null);
            details.put("createdAccessKeyId", keyId);
        }
        return List.of(AlertDraft.forEvent(type(), event, title, summary, details));
    }

    static Optional<Change> change(TrailEvent event) {
        if (!event.succeeded() || !event.actor().isRoot()) {
            return Optional.empty();
        }
        String userName = event.target().userName();
        boolean noUser = userName == null || userName.isBlank()
                || RootDeviceMatcher.ROOT_USER_NAME.equalsIgnoreCase(userName);
        if (RootConsoleSignIn.isSignInEvent(event)) {
            return event.eventName().equals(Change.PASSWORD_UPDATED.eventName) ? Optional.of(Change.PASSWORD_UPDATED)
                    : event.eventName().equals(Change.PASSWORD_RECOVERED.eventName) ? Optional.of(Change.PASSWORD_RECOVERED)
                    : Optional.empty();
        }
        if (Texts.IAM.equals(event.eventSource()) && noUser) {
            return event.eventName().equals(Change.ACCESS_KEY_CREATED.eventName) ? Optional.of(Change.ACCESS_KEY_CREATED)
                    : event.eventName().equals(Change.LOGIN_PROFILE_CREATED.eventName) ? Optional.of(Change.LOGIN_PROFILE_CREATED)
                    : Optional.empty();
        }
        return Optional.empty();
    }
}
