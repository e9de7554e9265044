package dev.rootwatch.notifier;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Checks a receiver's URL: {@code https} always; {@code http} only to a loopback address (local
 * receivers, tests) or where the sink explicitly allows it; never credentials in the URL itself.
 * Problems are reported without quoting the URL, which may be a secret (Slack, Teams).
 */
final class ReceiverUrl {

    private ReceiverUrl() {
    }

    /**
     * @param text           the URL
     * @param allowPlainHttp whether {@code http} to any host is permitted
     * @return the parsed URL
     * @throws IllegalArgumentException with a reason that does not quote the URL
     */
    static URI check(String text, boolean allowPlainHttp) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("is not an absolute http(s) URL with a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("carries credentials (user:password@); give them as the sink's secret instead");
        }
        if (scheme.equals("https")) {
            return uri;
        }
        if (!scheme.equals("http")) {
            throw new IllegalArgumentException("must use https, not " + (scheme.isEmpty() ? "no scheme" : scheme));
        }
        if (!allowPlainHttp && !isLoopback(uri.getHost())) {
            throw new IllegalArgumentException("must use https (plain http is allowed only to a loopback address"
                    + " or with allowPlainHttp)");
        }
        return uri;
    }

    static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        // only literal addresses: never resolve a name here (that would be a DNS query at config time)
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
