package dev.rootwatch.collector.posture;

import dev.rootwatch.common.config.PostureSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.FeatureType;
import software.amazon.awssdk.services.iam.model.ListOrganizationsFeaturesResponse;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * Which accounts to read and what the organization says about them: the caller
 * (sts:GetCallerIdentity, asked once), the accounts of the configured mode (in organization mode
 * every ACTIVE account of organizations:ListAccounts, all pages), and the organization's
 * centralized root access (iam:ListOrganizationsFeatures; organizations:DescribeOrganization for
 * the management account, only where the feature is on).
 */
final class AccountDirectory {

    private static final Logger LOGGER = LoggerFactory.getLogger(AccountDirectory.class);
    /** The feature is off (or cannot be on) for these answers of ListOrganizationsFeatures. */
    private static final Set<String> FEATURE_OFF_CODES = Set.of("OrganizationNotFoundException",
            "ServiceAccessNotEnabledException", "OrganizationNotInAllFeaturesModeException");

    private final PostureSettings settings;
    private final StsClient sts;
    private final IamClient iam;
    private final OrganizationsJsonClient organizations;
    private final ApiCaller api;
    private final PostureMetrics metrics;
    private volatile CallerIdentity caller;

    AccountDirectory(PostureSettings settings, StsClient sts, IamClient iam, OrganizationsJsonClient organizations,
                     ApiCaller api, PostureMetrics metrics) {
        this.settings = settings;
        this.sts = sts;
        this.iam = iam;
        this.organizations = organizations;
        this.api = api;
        this.metrics = metrics;
    }

    /** rootwatch's own identity; asked of STS once, then remembered. */
    CallerIdentity caller() {
        CallerIdentity known = caller;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (caller == null) {
                GetCallerIdentityResponse identity = api.call("GetCallerIdentity", "self",
                        () -> sts.getCallerIdentity(r -> r.overrideConfiguration(RequestOverrides.of(metrics.sdkPublisher()))));
                caller = CallerIdentity.of(identity.account(), identity.arn());
                LOGGER.info("posture caller account={} partition={}", caller.accountId(), caller.partition());
            }
            return caller;
        }
    }

    /** The accounts to read, in the order given; throws {@link ApiFailure} where they cannot be listed. */
    List<String> accounts() {
        return switch (settings.mode()) {
            case SINGLE -> List.of(caller().accountId());
            case ACCOUNTS -> settings.accounts();
            case ORGANIZATION -> organizationAccounts();
        };
    }

    private List<String> organizationAccounts() {
        List<String> active = new ArrayList<>();
        int inactive = 0;
        String token = null;
        do {
            String page = token;
            OrganizationsJsonClient.AccountPage accounts = api.call("ListAccounts", "organization",
                    () -> organizations.listAccounts(page));
            for (OrganizationAccount account : accounts.accounts()) {
                if (account.active()) {
                    active.add(account.id());
                } else {
                    inactive++;
                }
            }
            token = accounts.nextToken();
        } while (token != null);
        LOGGER.debug("organization accounts active={} skipped={}", active.size(), inactive);
        return List.copyOf(active);
    }

    /** Never throws: what cannot be learned is unknown (null), and logged. */
    OrganizationContext organizationContext() {
        Boolean central;
        try {
            ListOrganizationsFeaturesResponse features = api.call("ListOrganizationsFeatures", "organization",
                    () -> iam.listOrganizationsFeatures(r -> r.overrideConfiguration(RequestOverrides.of(metrics.sdkPublisher()))));
            central = features.enabledFeatures().contains(FeatureType.ROOT_CREDENTIALS_MANAGEMENT);
        } catch (ApiFailure e) {
            if (FEATURE_OFF_CODES.contains(e.code())) {
                central = Boolean.FALSE;
            } else {
                // a member account (AccountNotManagementOrDelegatedAdministrator), denied or throttled: unknown
                LOGGER.info("centralized root access unknown error={}", e.getMessage());
                return OrganizationContext.UNKNOWN;
            }
        }
        if (!central) {
            return new OrganizationContext(Boolean.FALSE, null);
        }
        try {
            return new OrganizationContext(central, api.call("DescribeOrganization", "organization", organizations::managementAccountId));
        } catch (ApiFailure e) {
            LOGGER.info("management account unknown error={}", e.getMessage());
            return new OrganizationContext(central, null);
        }
    }
}
