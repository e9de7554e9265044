package dev.rootwatch.common.model;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * One entry of {@code evaluator.suppressions}: alerts it matches are still emitted, but marked
 * suppressed (the notifier does not page for them); the evidence is never dropped. Every field
 * given must match (an unset field matches anything); at least one of {@code accountId},
 * {@code sourceCidr} and {@code type} is required, and so is a reason. {@code from} and
 * {@code until} bound when the rule applies, judged on the alert's {@code eventTime} (so that a
 * replay is marked the same as the live run was); {@code until} is the rule's expiry.
 *
 * @param accountId  the 12-digit account the rule covers, or null for any
 * @param sourceCidr an IPv4 or IPv6 CIDR ({@code 198.51.100.0/24}, {@code 2001:db8::/32}) or a single
 *                   address, matched against the alert's {@code sourceIp}; or null for any (an alert
 *                   without a source address never matches a rule that names one)
 * @param type       the alert type the rule covers, or null for any
 * @param from       first instant the rule applies (inclusive), or null for "since always"
 * @param until      the rule's expiry (exclusive), or null for "until removed"
 * @param reason     why, for the record: it travels with every alert the rule marks
 */
public record SuppressionRule(String accountId, String sourceCidr, AlertType type, Instant from, Instant until,
                              String reason) {

    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    public SuppressionRule {
        if (accountId == null && sourceCidr == null && type == null) {
            throw new IllegalArgumentException("a suppression rule needs at least one of accountId, sourceCidr and type");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a suppression rule needs a reason");
        }
        if (accountId != null && !ACCOUNT.matcher(accountId).matches()) {
            throw new IllegalArgumentException("accountId must be 12 digits, was '" + accountId + "'");
        }
        if (sourceCidr != null) {
            Cidr.parse(sourceCidr);
        }
        if (from != null && until != null && !from.isBefore(until)) {
            throw new IllegalArgumentException("from (" + from + ") must be before until (" + until + ")");
        }
    }

    /** True where every field the rule sets matches the alert's account, source address, type and event time. */
    public boolean matches(String alertAccountId, String alertSourceIp, AlertType alertType, Instant alertTime) {
        return (accountId == null || accountId.equals(alertAccountId))
                && (type == null || type == alertType)
                && (sourceCidr == null || Cidr.parse(sourceCidr).contains(alertSourceIp))
                && appliesAt(alertTime);
    }

    /** True where {@code time} lies in [from, until); a rule with neither always applies. */
    public boolean appliesAt(Instant time) {
        if (from == null && until == null) {
            return true;
        }
        return time != null && (from == null || !time.isBefore(from)) && (until == null || time.isBefore(until));
    }

    /** An address block: network bytes and prefix length. */
    record Cidr(byte[] network, int prefix) {

        static Cidr parse(String text) {
            String trimmed = text.trim();
            int slash = trimmed.indexOf('/');
            String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
            byte[] bytes = literal(address);
            if (bytes == null) {
                throw new IllegalArgumentException("sourceCidr '" + text + "' is not an IPv4 or IPv6 address block");
            }
            int max = bytes.length * 8;
            int prefix = max;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(trimmed.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("sourceCidr '" + text + "' has no valid prefix length");
                }
                if (prefix < 0 || prefix > max) {
                    throw new IllegalArgumentException("sourceCidr '" + text + "' prefix must be 0 to " + max);
                }
            }
            return new Cidr(bytes, prefix);
        }

        boolean contains(String ip) {
            byte[] candidate = ip == null ? null : literal(ip.trim());
            if (candidate == null || candidate.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (candidate[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (candidate[full] & mask) == (network[full] & mask);
        }

        /** The bytes of an IP literal, or null for anything else; never a DNS lookup. */
        static byte[] literal(String text) {
            try {
                if (IPV4.matcher(text).matches()) {
                    for (String part : text.split("\\.")) {
                        if (Integer.parseInt(part) > 255) {
                            return null;
                        }
                    }
                    return InetAddress.getByName(text).getAddress();
                }
                if (IPV6.matcher(text).matches()) {
                    // brackets make the JDK parse an IPv6 literal or fail, never resolve a name
                    return InetAddress.getByName("[" + text + "]").getAddress();
                }
            } catch (UnknownHostException e) {
                return null;
            }
            return null;
        }
    }
}
