package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.Compliance;
import dev.rootwatch.common.model.MfaDevice;
import dev.rootwatch.common.model.Posture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ROOT_HARDWARE_MFA_MISSING, a state alert (CIS 2.6 / Security Hub IAM.6), with the verdict of the
 * AWS Config rule {@code root-account-hardware-mfa-enabled}: compliant where root MFA is enabled and
 * no virtual MFA device belongs to root. FIRING once when posture says root MFA is enabled and a
 * virtual device belongs to root; RESOLVED (same fingerprint) when root MFA is enabled and no virtual
 * device belongs to root any more (a hardware token or passkey took its place: IAM cannot say which,
 * so the device is listed as UNKNOWN), or root's credentials are gone under centralized root access
 * (NOT_APPLICABLE). What is not known (MFA off, which is ROOT_MFA_DISABLED's case; root's virtual
 * devices unread; an unreadable account) neither opens nor closes an incident.
 */
final class RootHardwareMfaMissingDetection implements PostureDetection {

    @Override
    public AlertType type() {
        return AlertType.ROOT_HARDWARE_MFA_MISSING;
    }

    @Override
    public List<AlertDraft> detect(Posture previous, Posture current, IncidentView incidents) {
        Optional<OpenIncident> open = incidents.open(type());
        Boolean hardwareOnly = current.hardwareMfaOnly();
        if (open.isEmpty() && Boolean.FALSE.equals(hardwareOnly)) {
            return List.of(firing(current));
        }
        if (open.isPresent() && (Boolean.TRUE.equals(hardwareOnly) || current.compliance() == Compliance.NOT_APPLICABLE)) {
            return List.of(resolved(current, open.get()));
        }
        return List.of();
    }

    private AlertDraft firing(Posture current) {
        String accountId = current.accountId();
        String title = "Root uses virtual MFA in account " + accountId;
        String summary = "IAM reports a virtual MFA device assigned to the root user of " + accountId
                + "; CIS 2.6 asks for hardware MFA only (observed at " + current.observedAt() + ").";
        return AlertDraft.incidentFiring(type(), current.observedAt(), title, summary, details(current, null));
    }

    private AlertDraft resolved(Posture current, OpenIncident incident) {
        String accountId = current.accountId();
        boolean notApplicable = current.compliance() == Compliance.NOT_APPLICABLE;
        String title = notApplicable
                ? "Root hardware MFA no longer applicable in account " + accountId
                : "Root has hardware MFA in account " + accountId;
        String summary = notApplicable
                ? "The root user of " + accountId + " no longer has a password or access key (observed at "
                        + current.observedAt() + ")."
                : "IAM reports root MFA enabled in " + accountId + " and no virtual device assigned to root any more"
                        + " (observed at " + current.observedAt() + ").";
        return AlertDraft.incidentResolved(type(), incident, current.observedAt(), title, summary,
                details(current, incident));
    }

    private static Map<String, Object> details(Posture current, OpenIncident incident) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("compliance", current.compliance());
        details.put("mfaDevices", current.devices().stream().map(MfaDevice::serialNumber).toList());
        details.put("mfaDeviceTypes", current.devices().stream().map(device -> device.type().name()).toList());
        if (incident != null) {
            details.put("openedAt", incident.openedAt());
        }
        return details;
    }
}
