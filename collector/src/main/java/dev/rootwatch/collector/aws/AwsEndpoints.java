package dev.rootwatch.collector.aws;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.ConfigException;
import dev.rootwatch.common.config.Setting;
import dev.rootwatch.common.config.SourceSettings;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Explicit endpoint overrides from the config file; null where none is given, so the AWS SDK's
 * own resolution applies ({@code AWS_ENDPOINT_URL_<SERVICE>}, {@code AWS_ENDPOINT_URL}, the
 * shared config file, the region's endpoint).
 *
 * @param sqs            {@code collector.sqs.endpoint}
 * @param s3             {@code collector.s3.endpoint}
 * @param cloudTrail     {@code collector.lookup.endpoint}
 * @param s3ForcePathStyle {@code collector.s3.forcePathStyle}
 */
public record AwsEndpoints(URI sqs, URI s3, URI cloudTrail, boolean s3ForcePathStyle) {

    /** No override: the SDK decides. */
    public static final AwsEndpoints SDK_DEFAULTS = new AwsEndpoints(null, null, null, false);

    public static AwsEndpoints from(Config config) {
        return new AwsEndpoints(uri(config, SourceSettings.SQS_ENDPOINT), uri(config, SourceSettings.S3_ENDPOINT),
                uri(config, SourceSettings.LOOKUP_ENDPOINT), config.get(SourceSettings.S3_FORCE_PATH_STYLE));
    }

    private static URI uri(Config config, Setting<String> setting) {
        String text = config.get(setting).trim();
        if (text.isEmpty()) {
            return null;
        }
        try {
            URI uri = new URI(text);
            if (uri.getScheme() == null || uri.getHost() == null
                    || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new ConfigException(setting.key() + " must be an http(s) URL with a host, e.g. http://localhost:4566");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(setting.key() + " is not a URL: " + e.getReason());
        }
    }
}
