package dev.rootwatch.evaluator;

/**
 * One way a CloudTrail call narrows or removes what reaches rootwatch: the {@code details.change}
 * of a CLOUDTRAIL_TAMPERING alert. The table in docs/trail-tampering.md says why each counts.
 */
enum TrailWeakening {
    LOGGING_STOPPED("StopLogging", "the trail records nothing more"),
    TRAIL_DELETED("DeleteTrail", "the trail records nothing more"),
    MULTI_REGION_DISABLED("isMultiRegionTrail", "the trail no longer records the other regions"),
    GLOBAL_SERVICE_EVENTS_DISABLED("includeGlobalServiceEvents",
            "the trail no longer records IAM, STS and sign-in events, the ones rootwatch exists for"),
    LOG_FILE_VALIDATION_DISABLED("enableLogFileValidation",
            "log files can be altered or deleted without a digest showing it"),
    ORGANIZATION_TRAIL_DISABLED("isOrganizationTrail", "the trail no longer records the organization's member accounts"),
    MANAGEMENT_EVENTS_EXCLUDED("includeManagementEvents",
            "the trail no longer records management events: no sign-in, MFA or trail call reaches rootwatch"),
    MANAGEMENT_WRITE_EVENTS_EXCLUDED("readWriteType",
            "the trail records read-only management events only: root sign-ins, MFA removals and trail changes are missed"),
    MANAGEMENT_READ_EVENTS_EXCLUDED("readWriteType",
            "the trail records write management events only: read-only calls made as root are missed"),
    MANAGEMENT_EVENT_SOURCES_EXCLUDED("excludeManagementEventSources",
            "the trail no longer records management events of services rootwatch reads"),
    EVENT_DATA_STORE_DELETED("DeleteEventDataStore", "the CloudTrail Lake event data store is gone"),
    EVENT_DATA_STORE_INGESTION_STOPPED("StopEventDataStoreIngestion",
            "the CloudTrail Lake event data store takes in no more events"),
    TRUSTED_ACCESS_DISABLED("servicePrincipal",
            "CloudTrail lost trusted access to the organization: organization trails stop recording member accounts"),
    DELEGATED_ADMINISTRATOR_DEREGISTERED("servicePrincipal",
            "an account no longer administers CloudTrail for the organization");

    private final String setting;
    private final String consequence;

    TrailWeakening(String setting, String consequence) {
        this.setting = setting;
        this.consequence = consequence;
    }

    /** The request parameter (or the call) that made the change. */
    String setting() {
        return setting;
    }

    /** What the change costs rootwatch, as a clause of the alert's summary. */
    String consequence() {
        return consequence;
    }
}
