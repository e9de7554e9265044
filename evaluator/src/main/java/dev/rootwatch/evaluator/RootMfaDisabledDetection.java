package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.Compliance;
import dev.rootwatch.common.model.Posture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ROOT_MFA_DISABLED, a state alert: FIRING once when posture says NON_COMPLIANT, RESOLVED (same
 * fingerprint) when a later posture says COMPLIANT or NOT_APPLICABLE. UNKNOWN changes nothing:
 * an unreadable account is neither proof of a problem nor of its fix.
 */
final class RootMfaDisabledDetection implements PostureDetection {

    @Override
    public AlertType type() {
        return AlertType.ROOT_MFA_DISABLED;
    }

    @Override
    public List<AlertDraft> detect(Posture previous, Posture current, IncidentView incidents) {
        Optional<OpenIncident> open = incidents.open(type());
        Compliance compliance = current.compliance();
        switch (compliance) {
            case NON_COMPLIANT:
                return open.isPresent() ? List.of() : List.of(firing(previous, current));
            case COMPLIANT:
            case NOT_APPLICABLE:
                return open.map(incident -> List.of(resolved(previous, current, incident))).orElse(List.of());
            case UNKNOWN:
            default:
                return List.of();
        }
    }

    private AlertDraft firing(Posture previous, Posture current) {
        String accountId = current.accountId();
        String title = "Root user has no MFA in account " + accountId;
        String summary = "IAM reports for account " + accountId + " that " + current.complianceReason()
                + " (observed at " + current.observedAt() + ").";
        return AlertDraft.incidentFiring(type(), current.observedAt(), title, summary, details(previous, current, null));
    }

    private AlertDraft resolved(Posture previous, Posture current, OpenIncident incident) {
        String accountId = current.accountId();
        boolean notApplicable = current.compliance() == Compliance.NOT_APPLICABLE;
        String title = notApplicable
                ? "Root MFA no longer applicable in account " + accountId
                : "Root MFA enabled again in account " + accountId;
        String summary = notApplicable
                ? "The root user of " + accountId + " no longer has a password or access key, so root MFA is not"
                        + " applicable (observed at " + current.observedAt() + ")."
                : "IAM reports that the root user of " + accountId + " has MFA enabled again (observed at "
                        + current.observedAt() + ").";
        return AlertDraft.incidentResolved(type(), incident, current.observedAt(), title, summary,
                details(previous, current, incident));
    }

    private static Map<String, Object> details(Posture previous, Posture current, OpenIncident incident) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("compliance", current.compliance());
        details.put("reason", current.complianceReason());
        details.put("previousCompliance", previous == null ? null : previous.compliance());
        details.put("mfaEnabled", current.mfaEnabled());
        details.put("mfaDeviceCount", current.devices().size());
        details.put("rootPasswordPresent", current.rootPasswordPresent());
        details.put("rootAccessKeysActive", current.rootAccessKeysActive());
        details.put("centralRootAccess", current.centralRootAccess());
        if (incident != null) {
            details.put("openedAt", incident.openedAt());
        }
        return details;
    }
}
