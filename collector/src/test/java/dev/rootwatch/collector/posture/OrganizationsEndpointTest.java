package dev.rootwatch.collector.posture;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

class OrganizationsEndpointTest {

    @Test
    void usesTheGlobalEndpointOfThePartition() {
        assertThat(OrganizationsEndpoint.resolve("", Map.of(), Region.EU_WEST_1))
                .isEqualTo(new OrganizationsEndpoint(URI.create("https://organizations.us-east-1.amazonaws.com"), "us-east-1"));
        assertThat(OrganizationsEndpoint.resolve("", Map.of(), Region.US_GOV_EAST_1))
                .isEqualTo(new OrganizationsEndpoint(URI.create("https://organizations.us-gov-west-1.amazonaws.com"), "us-gov-west-1"));
        assertThat(OrganizationsEndpoint.resolve("", Map.of(), Region.CN_NORTH_1))
                .isEqualTo(new OrganizationsEndpoint(URI.create("https://organizations.cn-northwest-1.amazonaws.com.cn"), "cn-northwest-1"));
    }

    @Test
    void followsTheServiceVariableThenTheGlobalOne() {
        Map<String, String> both = Map.of("AWS_ENDPOINT_URL_ORGANIZATIONS", "http://orgs.local:4566", "AWS_ENDPOINT_URL", "http://any.local:4566");

        assertThat(OrganizationsEndpoint.resolve("", both, Region.US_EAST_1).uri()).isEqualTo(URI.create("http://orgs.local:4566"));
        assertThat(OrganizationsEndpoint.resolve("", Map.of("AWS_ENDPOINT_URL", "http://any.local:4566"), Region.US_EAST_1).uri())
                .isEqualTo(URI.create("http://any.local:4566"));
    }

    @Test
    void letsTheExplicitOverrideWinAndHonoursTheIgnoreSwitch() {
        Map<String, String> environment = Map.of("AWS_ENDPOINT_URL", "http://any.local:4566");

        assertThat(OrganizationsEndpoint.resolve("http://explicit:1", environment, Region.US_EAST_1).uri())
                .isEqualTo(URI.create("http://explicit:1"));
        assertThat(OrganizationsEndpoint.resolve("", Map.of("AWS_ENDPOINT_URL", "http://any.local:4566",
                "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"), Region.US_EAST_1).uri())
                .isEqualTo(URI.create("https://organizations.us-east-1.amazonaws.com"));
    }
}
