package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.TrailEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** ROOT_CONSOLE_LOGIN: root signed in to the console with MFA. Root should rarely be used at all. */
final class RootConsoleLoginDetection implements EventDetection {

    @Override
    public AlertType type() {
        return AlertType.ROOT_CONSOLE_LOGIN;
    }

    @Override
    public List<AlertDraft> detect(TrailEvent event, AccountState account) {
        if (!RootConsoleSignIn.isSuccessfulRootSignIn(event) || !Boolean.TRUE.equals(event.mfaUsed())) {
            return List.of();
        }
        String accountId = event.accountId();
        String title = "Root console sign-in with MFA in account " + accountId;
        String summary = "The root user of " + accountId + " signed in to the console with MFA "
                + Texts.fromAddress(event) + " at " + event.eventTime() + ".";
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("mfaUsed", Boolean.TRUE);
        details.put("mfaIdentifier", event.mfaIdentifier());
        details.put("postureCompliance", account.postureCompliance());
        return List.of(AlertDraft.forEvent(type(), event, title, summary, details));
    }
}
