package dev.rootwatch.common.cloudtrail;

import java.util.Map;
import java.util.Set;

/**
 * The CloudTrail calls that can blind rootwatch: the one list the collector's relevance filter, its
 * byte-level pass and the default LookupEvents names are derived from, and the calls the evaluator's
 * CLOUDTRAIL_TAMPERING judges. The collector keeps every successful or failed call listed here,
 * benign or not; only the evaluator decides, from the request, whether one weakened the trail.
 */
public final class BlindingCalls {

    public static final String CLOUDTRAIL = "cloudtrail.amazonaws.com";
    public static final String ORGANIZATIONS = "organizations.amazonaws.com";

    /**
     * Calls that stop, remove or narrow what CloudTrail records. Advanced event selectors have no call
     * of their own: they come in {@code PutEventSelectors} as {@code advancedEventSelectors}.
     */
    public static final CallSet TRAIL_TAMPERING = new CallSet(Map.of(
            CLOUDTRAIL, Set.of("StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors", "DeleteEventDataStore",
                    "StopEventDataStoreIngestion"),
            ORGANIZATIONS, Set.of("DisableAWSServiceAccess", "DeregisterDelegatedAdministrator")));

    private BlindingCalls() {
    }
}
