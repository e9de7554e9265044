package dev.rootwatch.collector.posture;

import dev.rootwatch.common.config.PostureSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The AWS clients of posture polling, built once: IAM (global region of the partition), STS (the
 * configured or SDK-resolved region) and rootwatch's small Organizations client, sharing one Apache
 * HTTP client and one credentials provider. Credentials, region and endpoints follow the SDK's
 * standard resolution (default chain, {@code AWS_REGION}, {@code AWS_ENDPOINT_URL},
 * {@code AWS_ENDPOINT_URL_IAM} / {@code _STS} / {@code _ORGANIZATIONS}); the
 * {@code posture.endpoints.*} settings override them. Member accounts are read with the same IAM
 * client and per-request assumed-role credentials.
 */
public final class PostureClients implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(PostureClients.class);

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final boolean ownsCredentials;
    private final IamClient iam;
    private final StsClient sts;
    private final OrganizationsJsonClient organizations;

    private PostureClients(SdkHttpClient http, AwsCredentialsProvider credentials, boolean ownsCredentials, IamClient iam,
                           StsClient sts, OrganizationsJsonClient organizations) {
        this.http = http;
        this.credentials = credentials;
        this.ownsCredentials = ownsCredentials;
        this.iam = iam;
        this.sts = sts;
        this.organizations = organizations;
    }

    /** Clients with the SDK's default credentials chain (environment, profile, SSO, container, instance). */
    public static PostureClients create(PostureSettings settings) {
        return build(settings, DefaultCredentialsProvider.builder().build(), true, System.getenv());
    }

    /** Clients with the given credentials (which the caller keeps and closes). */
    public static PostureClients create(PostureSettings settings, AwsCredentialsProvider credentials) {
        return build(settings, credentials, false, System.getenv());
    }

    static PostureClients build(PostureSettings settings, AwsCredentialsProvider credentials, boolean ownsCredentials,
                                Map<String, String> environment) {
        Region region = region(settings);
        SdkHttpClient http = httpClient(Math.max(16, settings.concurrency() * 2));
        var iamBuilder = IamClient.builder().region(globalRegion(region)).credentialsProvider(credentials).httpClient(http);
        if (!settings.iamEndpoint().isEmpty()) {
            iamBuilder.endpointOverride(URI.create(settings.iamEndpoint()));
        }
        var stsBuilder = StsClient.builder().region(region).credentialsProvider(credentials).httpClient(http);
        if (!settings.stsEndpoint().isEmpty()) {
            stsBuilder.endpointOverride(URI.create(settings.stsEndpoint()));
        }
        OrganizationsEndpoint organizationsEndpoint = OrganizationsEndpoint.resolve(settings.organizationsEndpoint(), environment, region);
        LOGGER.info("posture clients region={} iamRegion={} organizationsEndpoint={}", region.id(), globalRegion(region).id(),
                organizationsEndpoint.uri());
        return new PostureClients(http, credentials, ownsCredentials, iamBuilder.build(), stsBuilder.build(),
                new OrganizationsJsonClient(http, credentials, organizationsEndpoint));
    }

    /**
     * The Apache 4 client of the collector's pom. It is deprecated in SDK 2.57 in favour of
     * {@code apache5-client}, which the pom does not declare (only a runtime dependency of the
     * service modules); switch when it does.
     */
    @SuppressWarnings("deprecation")
    private static SdkHttpClient httpClient(int maxConnections) {
        return ApacheHttpClient.builder()
                .maxConnections(maxConnections)
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** {@code posture.region}, else the SDK's region chain, else us-east-1. */
    static Region region(PostureSettings settings) {
        if (!settings.region().isEmpty()) {
            return Region.of(settings.region());
        }
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkClientException e) {
            LOGGER.info("no AWS region configured; posture uses us-east-1 for STS");
            return Region.US_EAST_1;
        }
    }

    /** IAM is global: aws-global, aws-us-gov-global or aws-cn-global after the partition of {@code region}. */
    static Region globalRegion(Region region) {
        String id = region.id();
        if (id.startsWith("us-gov-")) {
            return Region.AWS_US_GOV_GLOBAL;
        }
        if (id.startsWith("cn-")) {
            return Region.AWS_CN_GLOBAL;
        }
        return Region.AWS_GLOBAL;
    }

    IamClient iam() {
        return iam;
    }

    StsClient sts() {
        return sts;
    }

    OrganizationsJsonClient organizations() {
        return organizations;
    }

    AwsCredentialsProvider credentials() {
        return credentials;
    }

    @Override
    public void close() {
        iam.close();
        sts.close();
        http.close();
        if (ownsCredentials && credentials instanceof SdkAutoCloseable closeable) {
            closeable.close();
        }
    }
}
