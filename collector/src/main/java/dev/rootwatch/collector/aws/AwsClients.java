package dev.rootwatch.collector.aws;

import dev.rootwatch.common.config.Config;
import dev.rootwatch.common.config.ConfigException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * The collector's AWS clients, built once and shared: SQS (one client per region, taken from the
 * queue URL), S3 (one client that follows buckets into any region) and CloudTrail (one per polled
 * region). Credentials come from the given provider (the SDK's default chain in production),
 * the region from the queue URL or the SDK's default region chain ({@code AWS_REGION}, profile),
 * endpoints from the config's overrides or else the SDK's own resolution. SQS has an HTTP
 * connection pool of its own; the other services share one.
 */
public final class AwsClients implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(AwsClients.class);
    private static final Pattern SQS_HOST = Pattern.compile("^sqs[.-]([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?$");
    private static final Pattern LEGACY_QUEUE_HOST = Pattern.compile("^([a-z0-9-]+)\\.queue\\.amazonaws\\.com(\\.cn)?$");

    private final AwsEndpoints endpoints;
    private final AwsCredentialsProvider credentials;
    private final Region defaultRegion;
    private final SdkHttpClient http;
    private final SdkHttpClient sqsHttp;
    private final Map<Region, SqsClient> sqs = new ConcurrentHashMap<>();
    private final Map<Region, CloudTrailClient> cloudTrail = new ConcurrentHashMap<>();
    private volatile S3Client s3;

    /**
     * @param defaultRegion the region of clients whose region nothing else decides, or null to
     *                      fail where one is needed
     */
    public AwsClients(AwsEndpoints endpoints, AwsCredentialsProvider credentials, Region defaultRegion, int maxConnections) {
        this.endpoints = endpoints;
        this.credentials = credentials;
        this.defaultRegion = defaultRegion;
        this.http = httpClient(maxConnections);
        // SQS has connections of its own: workers holding every connection for slow S3 downloads must never keep the
        // visibility renewals, the deletes and the receives waiting (the messages would reappear while being read)
        this.sqsHttp = httpClient(maxConnections);
    }

    /**
     * The HTTP client named explicitly: the SDK finds several implementations on the classpath.
     * The collector's pom brings the Apache 4 client, which SDK 2.57 deprecates in favour of
     * {@code apache5-client}; switching is a dependency change plus this one line.
     */
    @SuppressWarnings("deprecation")
    private static SdkHttpClient httpClient(int maxConnections) {
        return ApacheHttpClient.builder().maxConnections(maxConnections).build();
    }

    /** Clients as the SDK's standard resolution and the config's endpoint overrides say. */
    public static AwsClients fromConfig(Config config, int maxConnections) {
        return new AwsClients(AwsEndpoints.from(config), DefaultCredentialsProvider.builder().build(), sdkDefaultRegion().orElse(null),
                maxConnections);
    }

    /** The SDK's default region ({@code AWS_REGION}, {@code aws.region}, the profile), if any. */
    public static Optional<Region> sdkDefaultRegion() {
        try {
            return Optional.of(new DefaultAwsRegionProviderChain().getRegion());
        } catch (SdkClientException e) {
            return Optional.empty();
        }
    }

    public Region defaultRegion() {
        if (defaultRegion == null) {
            throw new ConfigException("no AWS region: set AWS_REGION (or a region in the AWS profile), or list"
                    + " collector.lookup.regions");
        }
        return defaultRegion;
    }

    /** The SQS client for a queue: the region in the queue URL, else the default region. */
    public SqsClient sqsFor(String queueUrl) {
        Region region = regionOfQueue(queueUrl).orElseGet(this::defaultRegion);
        return sqs.computeIfAbsent(region, r -> {
            SqsClientBuilder b = SqsClient.builder().region(r).credentialsProvider(credentials).httpClient(sqsHttp);
            if (endpoints.sqs() != null) {
                b.endpointOverride(endpoints.sqs());
            }
            LOGGER.info("aws client service=sqs region={} endpointOverride={}", r.id(), endpoints.sqs() != null);
            return b.build();
        });
    }

    public S3Client s3() {
        S3Client client = s3;
        if (client == null) {
            synchronized (this) {
                if (s3 == null) {
                    // any region will do: the client follows each bucket to its own region
                    Region region = defaultRegion == null ? Region.US_EAST_1 : defaultRegion;
                    S3ClientBuilder b = S3Client.builder().region(region).credentialsProvider(credentials).httpClient(http)
                            .forcePathStyle(endpoints.s3ForcePathStyle())
                            .crossRegionAccessEnabled(true);
                    if (endpoints.s3() != null) {
                        b.endpointOverride(endpoints.s3());
                    }
                    LOGGER.info("aws client service=s3 region={} endpointOverride={} pathStyle={}", region.id(),
                            endpoints.s3() != null, endpoints.s3ForcePathStyle());
                    s3 = b.build();
                }
                client = s3;
            }
        }
        return client;
    }

    public CloudTrailClient cloudTrail(Region region) {
        return cloudTrail.computeIfAbsent(region, r -> {
            CloudTrailClientBuilder b = CloudTrailClient.builder().region(r).credentialsProvider(credentials).httpClient(http);
            if (endpoints.cloudTrail() != null) {
                b.endpointOverride(endpoints.cloudTrail());
            }
            LOGGER.info("aws client service=cloudtrail region={} endpointOverride={}", r.id(), endpoints.cloudTrail() != null);
            return b.build();
        });
    }

    /** The region named by an AWS queue URL ({@code https://sqs.<region>.amazonaws.com/...}); empty for other hosts. */
    static Optional<Region> regionOfQueue(String queueUrl) {
        String host;
        try {
            host = java.net.URI.create(queueUrl).getHost();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (host == null) {
            return Optional.empty();
        }
        Matcher m = SQS_HOST.matcher(host);
        if (m.matches()) {
            return Optional.of(Region.of(m.group(1)));
        }
        m = LEGACY_QUEUE_HOST.matcher(host);
        if (m.matches()) {
            return Optional.of(Region.of(m.group(1)));
        }
        if ("queue.amazonaws.com".equals(host)) {
            return Optional.of(Region.US_EAST_1);
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        sqs.values().forEach(SqsClient::close);
        cloudTrail.values().forEach(CloudTrailClient::close);
        if (s3 != null) {
            s3.close();
        }
        http.close();
        sqsHttp.close();
    }
}
