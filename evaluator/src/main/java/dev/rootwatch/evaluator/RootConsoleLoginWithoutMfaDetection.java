package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.TrailEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ROOT_CONSOLE_LOGIN_WITHOUT_MFA: root signed in to the console and CloudTrail does not say MFA
 * was used. MFAUsed "No" and a missing MFAUsed both fire: unknown is not safe.
 */
final class RootConsoleLoginWithoutMfaDetection implements EventDetection {

    @Override
    public AlertType type() {
        return AlertType.ROOT_CONSOLE_LOGIN_WITHOUT_MFA;
    }

    @Override
    public List<AlertDraft> detect(TrailEvent event, AccountState account) {
        if (!RootConsoleSignIn.isRootSignInWithoutMfa(event)) {
            return List.of();
        }
        boolean unknown = event.mfaUsed() == null;
        String accountId = event.accountId();
        String title = unknown
                ? "Root console sign-in, MFA use unknown, in account " + accountId
                : "Root console sign-in without MFA in account " + accountId;
        String summary = unknown
                ? "The root user of " + accountId + " signed in to the console " + Texts.fromAddress(event)
                        + " at " + event.eventTime() + "; MFA use unknown: CloudTrail does not say whether MFA was used."
                : "The root user of " + accountId + " signed in to the console without MFA "
                        + Texts.fromAddress(event) + " at " + event.eventTime() + ".";
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("mfaUsed", event.mfaUsed());
        details.put("mfaUse", unknown ? "unknown" : "not used");
        details.put("postureCompliance", account.postureCompliance());
        return List.of(AlertDraft.forEvent(type(), event, title, summary, details));
    }
}
