package dev.rootwatch.collector.posture;

import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.regions.Region;

/**
 * Where the Organizations API is and how requests to it are signed, resolved like the SDK resolves
 * any service: an explicit override, then {@code AWS_ENDPOINT_URL_ORGANIZATIONS}, then
 * {@code AWS_ENDPOINT_URL} (both ignored when {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true}),
 * then the partition's global endpoint. Organizations is a global service signed in one region
 * per partition.
 */
record OrganizationsEndpoint(URI uri, String signingRegion) {

    static OrganizationsEndpoint resolve(String override, Map<String, String> environment, Region region) {
        String signingRegion = signingRegion(region);
        if (override != null && !override.isBlank()) {
            return new OrganizationsEndpoint(URI.create(override.trim()), signingRegion);
        }
        if (!"true".equalsIgnoreCase(environment.getOrDefault("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", ""))) {
            for (String variable : new String[] {"AWS_ENDPOINT_URL_ORGANIZATIONS", "AWS_ENDPOINT_URL"}) {
                String value = environment.get(variable);
                if (value != null && !value.isBlank()) {
                    return new OrganizationsEndpoint(URI.create(value.trim()), signingRegion);
                }
            }
        }
        String host = "organizations." + signingRegion + (signingRegion.startsWith("cn-") ? ".amazonaws.com.cn" : ".amazonaws.com");
        return new OrganizationsEndpoint(URI.create("https://" + host), signingRegion);
    }

    /** us-east-1 in the commercial partition, us-gov-west-1 in GovCloud, cn-northwest-1 in China. */
    static String signingRegion(Region region) {
        String id = region == null ? "" : region.id();
        if (id.startsWith("us-gov-")) {
            return "us-gov-west-1";
        }
        if (id.startsWith("cn-")) {
            return "cn-northwest-1";
        }
        return "us-east-1";
    }
}
