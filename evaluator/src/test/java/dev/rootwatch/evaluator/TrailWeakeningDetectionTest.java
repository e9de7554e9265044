package dev.rootwatch.evaluator;

import static dev.rootwatch.evaluator.TrailEventBuilder.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rootwatch.common.model.Alert;
import dev.rootwatch.common.model.AlertType;
import dev.rootwatch.common.model.Severity;
import dev.rootwatch.common.model.TrailEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CLOUDTRAIL_TAMPERING for the quiet ways to blind rootwatch: a trail narrowed by UpdateTrail or
 * PutEventSelectors, a CloudTrail Lake store stopped, CloudTrail's place in the organization removed.
 * Request shapes follow CloudTrail's records of these calls (lower-camel requestParameters, as in the
 * Stratus Red Team detonation of PutEventSelectors).
 */
class TrailWeakeningDetectionTest {

    private static final String CLOUDTRAIL = "cloudtrail.amazonaws.com";
    private static final String ORGANIZATIONS = "organizations.amazonaws.com";
    private static final String DATA_RESOURCES = "\"dataResources\":[{\"type\":\"AWS::S3::Object\",\"values\":[]},"
            + "{\"type\":\"AWS::Lambda::Function\",\"values\":[]}]";

    @TempDir
    Path stateDir;

    private EvaluatorDriver driver;

    @BeforeEach
    void startDriver() {
        driver = new EvaluatorDriver(stateDir, TestSettings.only(AlertType.CLOUDTRAIL_TAMPERING));
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private static TrailEventBuilder updateTrail(String settings) {
        return call(CLOUDTRAIL, "UpdateTrail", "{\"name\":\"management-events\"," + settings + "}");
    }

    private static TrailEventBuilder eventSelectors(String selectors) {
        return call(CLOUDTRAIL, "PutEventSelectors", "{\"trailName\":\"management-events\",\"eventSelectors\":[" + selectors + "]}");
    }

    private static TrailEventBuilder advancedSelectors(String selectors) {
        return call(CLOUDTRAIL, "PutEventSelectors",
                "{\"trailName\":\"management-events\",\"advancedEventSelectors\":[" + selectors + "]}");
    }

    private static String selector(boolean management, String readWriteType, String excluded) {
        return "{" + DATA_RESOURCES + ",\"excludeManagementEventSources\":[" + excluded + "],\"includeManagementEvents\":"
                + management + ",\"readWriteType\":\"" + readWriteType + "\"}";
    }

    private static String advanced(String name, String... fieldSelectors) {
        return "{\"name\":\"" + name + "\",\"fieldSelectors\":[" + String.join(",", fieldSelectors) + "]}";
    }

    private Alert onlyAlert() {
        List<Alert> alerts = driver.alerts();
        assertThat(alerts).hasSize(1);
        Alert alert = alerts.get(0);
        assertThat(alert.type()).isEqualTo(AlertType.CLOUDTRAIL_TAMPERING);
        return alert;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> changes(Alert alert) {
        return (List<Map<String, Object>>) alert.details().get("changes");
    }

    @Test
    void shouldFlagATrailThatNoLongerRecordsGlobalServiceEvents() {
        // Given an IAM user switches off the global service events (IAM, STS, sign-in) of the trail
        TrailEvent event = updateTrail("\"includeGlobalServiceEvents\":false").build();
        driver.send(event);

        // Then one HIGH tampering alert names the change, the value set and the trail
        Alert alert = onlyAlert();
        assertThat(alert.severity()).isEqualTo(Severity.HIGH);
        assertThat(alert.eventIds()).containsExactly(event.eventId());
        assertThat(alert.title()).isEqualTo("CloudTrail trail weakened in account 111122223333");
        assertThat(alert.summary()).contains("no longer records IAM, STS and sign-in events");
        assertThat(alert.details()).containsEntry("eventName", "UpdateTrail")
                .containsEntry("change", "GLOBAL_SERVICE_EVENTS_DISABLED").containsEntry("trail", "management-events");
        assertThat(changes(alert)).containsExactly(Map.of("change", "GLOBAL_SERVICE_EVENTS_DISABLED",
                "setting", "includeGlobalServiceEvents", "after", false));
    }

    @Test
    void shouldFlagEachUpdateTrailFlagSwitchedOff() {
        // Given three trail updates, each switching one coverage off
        driver.send(updateTrail("\"isMultiRegionTrail\":false"));
        driver.send(updateTrail("\"enableLogFileValidation\":false"));
        driver.send(updateTrail("\"isOrganizationTrail\":false"));

        // Then each is its own alert naming its change
        assertThat(driver.alerts()).extracting(a -> a.details().get("change"))
                .containsExactly("MULTI_REGION_DISABLED", "LOG_FILE_VALIDATION_DISABLED", "ORGANIZATION_TRAIL_DISABLED");
    }

    @Test
    void shouldRaiseOneAlertForAnUpdateThatWeakensSeveralThings() {
        // Given one UpdateTrail that makes the trail single-region and drops global events
        driver.send(updateTrail("\"isMultiRegionTrail\":false,\"includeGlobalServiceEvents\":false,\"s3BucketName\":\"logs\""));

        // Then one alert lists both, the loss of global events first
        Alert alert = onlyAlert();
        assertThat(alert.details()).containsEntry("change", "GLOBAL_SERVICE_EVENTS_DISABLED");
        assertThat(changes(alert)).extracting(c -> c.get("change"))
                .containsExactly("GLOBAL_SERVICE_EVENTS_DISABLED", "MULTI_REGION_DISABLED");
    }

    @Test
    void shouldStaySilentForUpdatesThatKeepOrStrengthenTheTrail() {
        // Given validation turned on, a trail made multi-region and organization-wide, and a new bucket prefix
        driver.send(updateTrail("\"enableLogFileValidation\":true"));
        driver.send(updateTrail("\"isMultiRegionTrail\":true,\"includeGlobalServiceEvents\":true,\"isOrganizationTrail\":true"));
        driver.send(updateTrail("\"s3KeyPrefix\":\"audit\""));

        // Then nothing fires
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void shouldFlagSelectorsThatDropManagementEvents() {
        // Given the Stratus Red Team shape: data events only, includeManagementEvents false
        driver.send(eventSelectors(selector(false, "ReadOnly", "")));

        // Then the trail no longer records management events
        Alert alert = onlyAlert();
        assertThat(alert.title()).isEqualTo("CloudTrail event selectors narrowed in account 111122223333");
        assertThat(alert.details()).containsEntry("change", "MANAGEMENT_EVENTS_EXCLUDED")
                .containsEntry("trail", "management-events");
    }

    @Test
    void shouldFlagReadOnlyManagementEventsAsLosingRootSignInsAndMfaRemovals() {
        // Given management events narrowed to reads (ConsoleLogin and MFA calls are writes: readOnly false)
        driver.send(eventSelectors(selector(true, "ReadOnly", "")));

        // Then the writes rootwatch reads are lost
        Alert alert = onlyAlert();
        assertThat(alert.details()).containsEntry("change", "MANAGEMENT_WRITE_EVENTS_EXCLUDED");
        assertThat(changes(alert)).singleElement().satisfies(c -> assertThat(c).containsEntry("after", "ReadOnly"));
        assertThat(alert.summary()).contains("root sign-ins, MFA removals and trail changes are missed");
    }

    @Test
    void shouldFlagWriteOnlyManagementEventsAsLosingRootReads() {
        driver.send(eventSelectors(selector(true, "WriteOnly", "")));

        assertThat(onlyAlert().details()).containsEntry("change", "MANAGEMENT_READ_EVENTS_EXCLUDED");
    }

    @ParameterizedTest
    @ValueSource(strings = {"signin.amazonaws.com", "iam.amazonaws.com", "sts.amazonaws.com", "cloudtrail.amazonaws.com",
            "organizations.amazonaws.com"})
    void shouldFlagExcludingAnEventSourceRootwatchReads(String source) {
        driver.send(eventSelectors(selector(true, "All", "\"kms.amazonaws.com\",\"" + source + "\"")));

        Alert alert = onlyAlert();
        assertThat(alert.details()).containsEntry("change", "MANAGEMENT_EVENT_SOURCES_EXCLUDED");
        assertThat(changes(alert)).singleElement().satisfies(c -> assertThat(c).containsEntry("after", List.of(source)));
    }

    @Test
    void shouldStaySilentForSelectorsKeepingEveryManagementEventRootwatchReads() {
        // Given all management events plus data events; KMS left out; and reads and writes split over two selectors
        driver.send(eventSelectors(selector(true, "All", "")));
        driver.send(eventSelectors(selector(true, "All", "\"kms.amazonaws.com\",\"rdsdata.amazonaws.com\"")));
        driver.send(eventSelectors("{\"readWriteType\":\"All\"}"));
        driver.send(eventSelectors(selector(true, "ReadOnly", "") + "," + selector(true, "WriteOnly", "")));

        // Then nothing fires
        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void shouldFlagAdvancedSelectorsThatKeepOnlyDataEvents() {
        // Given advanced selectors logging S3 data events only
        driver.send(advancedSelectors(advanced("s3-data",
                "{\"field\":\"eventCategory\",\"equals\":[\"Data\"]}",
                "{\"field\":\"resources.type\",\"equals\":[\"AWS::S3::Object\"]}")));

        // Then management events are gone
        Alert alert = onlyAlert();
        assertThat(alert.details()).containsEntry("change", "MANAGEMENT_EVENTS_EXCLUDED");
        assertThat(changes(alert)).singleElement().satisfies(c -> assertThat(c)
                .containsEntry("setting", "includeManagementEvents")
                .containsEntry("after", "advancedEventSelectors: no management events"));
    }

    @Test
    void shouldFlagAdvancedSelectorsNarrowingManagementEvents() {
        // Given management events kept for reads only, then management events without sign-in
        driver.send(advancedSelectors(advanced("reads",
                "{\"field\":\"eventCategory\",\"equals\":[\"Management\"]}",
                "{\"field\":\"readOnly\",\"equals\":[\"true\"]}")));
        driver.send(advancedSelectors(advanced("no-signin",
                "{\"field\":\"eventCategory\",\"equals\":[\"Management\"]}",
                "{\"field\":\"eventSource\",\"notEquals\":[\"signin.amazonaws.com\"]}")));

        // Then each says what is lost
        assertThat(driver.alerts()).extracting(a -> a.details().get("change"))
                .containsExactly("MANAGEMENT_WRITE_EVENTS_EXCLUDED", "MANAGEMENT_EVENT_SOURCES_EXCLUDED");
    }

    @Test
    void shouldStaySilentForAdvancedSelectorsKeepingManagementEvents() {
        // Given the console's default (management events) next to a data selector
        driver.send(advancedSelectors(advanced("Management events selector",
                "{\"field\":\"eventCategory\",\"equals\":[\"Management\"]}") + ","
                + advanced("s3-data", "{\"field\":\"eventCategory\",\"equals\":[\"Data\"]}",
                "{\"field\":\"resources.type\",\"equals\":[\"AWS::S3::Object\"]}")));

        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void shouldFlagAnEventDataStoreDeletedOrStopped() {
        String store = "arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE";
        driver.send(call(CLOUDTRAIL, "DeleteEventDataStore", "{\"eventDataStore\":\"" + store + "\"}"));
        driver.send(call(CLOUDTRAIL, "StopEventDataStoreIngestion", "{\"eventDataStore\":\"" + store + "\"}"));

        List<Alert> alerts = driver.alerts();
        assertThat(alerts).extracting(a -> a.details().get("change"))
                .containsExactly("EVENT_DATA_STORE_DELETED", "EVENT_DATA_STORE_INGESTION_STOPPED");
        assertThat(alerts).allSatisfy(a -> assertThat(a.details()).containsEntry("eventDataStore", store));
    }

    @Test
    void shouldFlagCloudTrailRemovedFromTheOrganization() {
        // Given the management account disables CloudTrail's trusted access and deregisters its delegated administrator
        driver.send(call(ORGANIZATIONS, "DisableAWSServiceAccess", "{\"servicePrincipal\":\"cloudtrail.amazonaws.com\"}"));
        driver.send(call(ORGANIZATIONS, "DeregisterDelegatedAdministrator",
                "{\"accountId\":\"444455556666\",\"servicePrincipal\":\"cloudtrail.amazonaws.com\"}"));

        // Then both are tampering; the deregistration names the account that administered CloudTrail
        List<Alert> alerts = driver.alerts();
        assertThat(alerts).extracting(a -> a.details().get("change"))
                .containsExactly("TRUSTED_ACCESS_DISABLED", "DELEGATED_ADMINISTRATOR_DEREGISTERED");
        assertThat(alerts.get(0).details()).containsEntry("servicePrincipal", "cloudtrail.amazonaws.com");
        assertThat(changes(alerts.get(1))).singleElement().satisfies(c -> assertThat(c).containsEntry("before", "444455556666"));
    }

    @Test
    void shouldStaySilentForOrganizationsCallsAboutOtherServices() {
        driver.send(call(ORGANIZATIONS, "DisableAWSServiceAccess", "{\"servicePrincipal\":\"config.amazonaws.com\"}"));
        driver.send(call(ORGANIZATIONS, "DeregisterDelegatedAdministrator",
                "{\"accountId\":\"444455556666\",\"servicePrincipal\":\"guardduty.amazonaws.com\"}"));

        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void shouldStaySilentForFailedAttempts() {
        // Given weakenings refused by AWS (errorCode set)
        driver.send(updateTrail("\"includeGlobalServiceEvents\":false").failed("AccessDenied", "not authorized"));
        driver.send(eventSelectors(selector(false, "All", "")).failed("InvalidHomeRegionException", "wrong region"));
        driver.send(call(CLOUDTRAIL, "DeleteEventDataStore", "{\"eventDataStore\":\"eds\"}")
                .failed("EventDataStoreTerminationProtectedException", "protected"));
        driver.send(call(ORGANIZATIONS, "DisableAWSServiceAccess", "{\"servicePrincipal\":\"cloudtrail.amazonaws.com\"}")
                .failed("AccessDeniedException", "not the management account"));

        assertThat(driver.alerts()).isEmpty();
    }

    @Test
    void shouldAlertOncePerWeakeningEventDeliveredTwice() {
        // Given the same UpdateTrail delivered by S3 and by EventBridge
        TrailEvent event = updateTrail("\"isMultiRegionTrail\":false").build();
        driver.send(event);
        driver.send(event);

        assertThat(driver.alerts()).hasSize(1);
    }

    @Test
    void shouldStaySilentWhereCloudTrailDidNotRecordTheSelectors() {
        // Given a PutEventSelectors whose requestParameters were omitted (CloudTrail drops them above 100 KB)
        driver.send(call(CLOUDTRAIL, "PutEventSelectors", "null"));

        assertThat(driver.alerts()).isEmpty();
    }
}
