package dev.rootwatch.collector.posture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rootwatch.common.config.ConfigException;
import dev.rootwatch.common.config.ConfigLoader;
import dev.rootwatch.common.config.ConfigReference;
import dev.rootwatch.common.config.PostureSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The posture keys as start-up reads them (they live in common; the poller is their user). */
class PostureSettingsTest {

    private static PostureSettings load(Map<String, String> environment) {
        return PostureSettings.from(ConfigLoader.load(null, environment));
    }

    @Test
    void hasTheDocumentedDefaults() {
        PostureSettings settings = PostureSettings.defaults();

        assertThat(settings.enabled()).isTrue();
        assertThat(settings.mode()).isEqualTo(PostureSettings.Mode.SINGLE);
        assertThat(settings.interval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(settings.concurrency()).isEqualTo(8);
        assertThat(settings.heartbeat()).isEqualTo(Duration.ofHours(6));
        assertThat(settings.refreshDebounce()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.sessionDuration()).isEqualTo(Duration.ofMinutes(15));
        assertThat(settings.roleName()).isEqualTo("RootwatchPostureReader");
    }

    @Test
    void readsOrganizationModeFromTheEnvironment() {
        PostureSettings settings = load(Map.of("ROOTWATCH_POSTURE_MODE", "organization", "ROOTWATCH_POSTURE_ROLE_NAME", "audit/RootMfaReader",
                "ROOTWATCH_POSTURE_CONCURRENCY", "16", "ROOTWATCH_POSTURE_ENDPOINTS_ORGANIZATIONS", "http://localhost:4566"));

        assertThat(settings.mode()).isEqualTo(PostureSettings.Mode.ORGANIZATION);
        assertThat(settings.roleName()).isEqualTo("audit/RootMfaReader");
        assertThat(settings.concurrency()).isEqualTo(16);
        assertThat(settings.organizationsEndpoint()).isEqualTo("http://localhost:4566");
    }

    @Test
    void requiresAccountIdsInAccountsMode() {
        assertThatThrownBy(() -> load(Map.of("ROOTWATCH_POSTURE_MODE", "accounts")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("posture.accounts");
        assertThatThrownBy(() -> load(Map.of("ROOTWATCH_POSTURE_MODE", "accounts", "ROOTWATCH_POSTURE_ACCOUNTS", "[\"12345\"]")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("12-digit");
        assertThat(load(Map.of("ROOTWATCH_POSTURE_MODE", "accounts", "ROOTWATCH_POSTURE_ACCOUNTS", "[\"012345678901\"]")).accounts())
                .containsExactly("012345678901");
    }

    @Test
    void rejectsAnAccountListOutsideAccountsMode() {
        assertThatThrownBy(() -> load(Map.of("ROOTWATCH_POSTURE_ACCOUNTS", "[\"123456789012\"]")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("only read in accounts mode");
    }

    @Test
    void namesEveryWrongKeyAtOnce() {
        assertThatThrownBy(() -> load(Map.of("ROOTWATCH_POSTURE_CONCURRENCY", "0", "ROOTWATCH_POSTURE_SESSION_DURATION", "5m",
                "ROOTWATCH_POSTURE_ENDPOINTS_IAM", "localhost:4566", "ROOTWATCH_POSTURE_JITTER", "20m")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("posture.concurrency")
                .hasMessageContaining("posture.sessionDuration")
                .hasMessageContaining("posture.endpoints.iam")
                .hasMessageContaining("posture.jitter");
    }

    @Test
    void neverShowsTheExternalId() {
        PostureSettings settings = load(Map.of("ROOTWATCH_POSTURE_EXTERNAL_ID", "shhh-4f1c9e"));
        assertThat(settings.externalId()).isEqualTo("shhh-4f1c9e");
        assertThat(settings.toString()).doesNotContain("shhh-4f1c9e").contains("externalId=(set)");

        assertThatThrownBy(() -> load(Map.of("ROOTWATCH_POSTURE_EXTERNAL_ID", "bad id with spaces")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("posture.externalId")
                .hasMessageNotContaining("bad id with spaces");
    }

    @Test
    void describesEveryKeyInTheReference() {
        assertThat(ConfigReference.markdown()).contains("`posture.mode`", "`ROOTWATCH_POSTURE_REFRESH_DEBOUNCE`",
                "`posture.endpoints.organizations`", "`posture.externalId`");
    }
}
