package dev.rootwatch.common.cloudtrail;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** S3 event notifications URL-encode object keys (a space arrives as '+'). */
public final class S3Keys {

    private S3Keys() {
    }

    public static String decode(String key) {
        try {
            return URLDecoder.decode(key, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // a stray '%' that is not an escape: the key is taken as it is
            return key;
        }
    }
}
