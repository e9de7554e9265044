package dev.rootwatch.collector.posture;

/**
 * What the organization says about root credentials, learned once per sweep.
 *
 * @param centralRootAccess   RootCredentialsManagement enabled (iam:ListOrganizationsFeatures);
 *                            false outside an organization or where the feature cannot be on; null where unknown
 * @param managementAccountId the management account (its root keeps its credentials: the feature
 *                            does not apply to it); null where unknown or not asked
 */
record OrganizationContext(Boolean centralRootAccess, String managementAccountId) {

    static final OrganizationContext UNKNOWN = new OrganizationContext(null, null);

    /** {@code centralRootAccess} of the posture of {@code accountId}. */
    Boolean centralRootAccessFor(String accountId) {
        if (Boolean.TRUE.equals(centralRootAccess) && accountId.equals(managementAccountId)) {
            return Boolean.FALSE;
        }
        return centralRootAccess;
    }
}
