package dev.rootwatch.common.model;

/** Where an account stands against "the root user must have MFA". */
public enum Compliance {
    /** Root MFA is enabled. */
    COMPLIANT,
    /** Root can sign in (or could, as far as rootwatch knows) and has no MFA. */
    NON_COMPLIANT,
    /** Root has no password and no active access key (centralized root access removed them). */
    NOT_APPLICABLE,
    /** The account could not be read, or the facts needed are missing. Never read as compliant. */
    UNKNOWN
}
