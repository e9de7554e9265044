package dev.rootwatch.collector;

import dev.rootwatch.common.model.TrailEvent;
import java.util.Set;

/**
 * Which events make the collector ask the posture poller to read an account again at once: a
 * successful MFA device call (whoever made it: an admin can delete root's virtual device) and a
 * successful change of root's credentials. The evaluator then gets IAM's truth within seconds.
 */
final class PostureTriggers {

    static final Set<String> ROOT_CREDENTIAL_CALLS = Set.of(
            "CreateAccessKey", "DeleteAccessKey", "UpdateAccessKey",
            "CreateLoginProfile", "DeleteLoginProfile", "UpdateLoginProfile");
    static final Set<String> ROOT_SIGN_IN_CHANGES = Set.of("PasswordUpdated", "PasswordRecoveryCompleted");

    private PostureTriggers() {
    }

    static boolean wantsRefresh(TrailEvent event) {
        if (!event.succeeded()) {
            return false;
        }
        String source = event.eventSource();
        String name = event.eventName();
        if ("iam.amazonaws.com".equals(source) && RelevanceFilter.MFA_DEVICE_CALLS.contains(name)) {
            return true;
        }
        boolean root = "Root".equals(event.actor().type());
        return root && ("iam.amazonaws.com".equals(source) && ROOT_CREDENTIAL_CALLS.contains(name)
                || "signin.amazonaws.com".equals(source) && ROOT_SIGN_IN_CHANGES.contains(name));
    }
}
