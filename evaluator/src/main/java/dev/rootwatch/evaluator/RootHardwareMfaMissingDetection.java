package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.Compliance;
import dev.rootwatch.common.model.MfaDevice;
import dev.rootwatch.common.model.MfaDeviceType;
import dev.rootwatch.common.model.Posture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ROOT_HARDWARE_MFA_MISSING, a state alert (CIS 2.6 / Security Hub IAM.6): FIRING once when
 * posture says root MFA is enabled and every device it lists is VIRTUAL (at least one); RESOLVED
 * (same fingerprint) when a HARDWARE or PASSKEY device appears, or root's credentials are gone
 * (NOT_APPLICABLE). A device of UNKNOWN type is not counted as virtual: it neither opens nor
 * closes an incident, nor do UNKNOWN postures or MFA being switched off (ROOT_MFA_DISABLED's case).
 */
final class RootHardwareMfaMissingDetection implements PostureDetection {

    @Override
    public AlertType type() {
        return AlertType.ROOT_HARDWARE_MFA_MISSING;
    }

    @Override
    public List<AlertDraft> detect(Posture previous, Posture current, IncidentView incidents) {
        Optional<OpenIncident> open = incidents.open(type());
        if (open.isEmpty() && onlyVirtual(current)) {
            return List.of(firing(current));
        }
        if (open.isPresent() && (hasStrongDevice(current) || current.compliance() == Compliance.NOT_APPLICABLE)) {
            return List.of(resolved(current, open.get()));
        }
        return List.of();
    }

    static boolean onlyVirtual(Posture posture) {
        return Boolean.TRUE.equals(posture.mfaEnabled()) && posture.error() == null && !posture.devices().isEmpty()
                && posture.devices().stream().allMatch(device -> device.type() == MfaDeviceType.VIRTUAL);
    }

    static boolean hasStrongDevice(Posture posture) {
        return posture.error() == null && posture.devices().stream()
                .anyMatch(device -> device.type() == MfaDeviceType.HARDWARE || device.type() == MfaDeviceType.PASSKEY);
    }

    private AlertDraft firing(Posture current) {
        String accountId = current.accountId();
        String title = "Root has only virtual MFA in account " + accountId;
        String summary = "IAM reports that every MFA device of the root user of " + accountId
                + " is a virtual authenticator; no hardware token or passkey (observed at " + current.observedAt() + ").";
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
                : "IAM reports a hardware token or passkey among the root user's MFA devices in " + accountId
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
