package dev.rootwatch.notifier;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a generic webhook call: {@code v1=} and the lowercase hex HMAC-SHA256, keyed with
 * the sink's secret (its UTF-8 bytes), of the timestamp (Unix seconds, as sent in
 * {@value #TIMESTAMP_HEADER}), a dot, and the exact body bytes. A receiver recomputes it, compares
 * in constant time, and rejects a timestamp too far from its clock (a replay) and an
 * {@value #IDEMPOTENCY_HEADER} it has already seen (a redelivery).
 */
final class WebhookSignature {

    static final String SIGNATURE_HEADER = "X-Rootwatch-Signature";
    static final String TIMESTAMP_HEADER = "X-Rootwatch-Timestamp";
    static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    static final String VERSION = "v1";
    private static final String ALGORITHM = "HmacSHA256";

    private WebhookSignature() {
    }

    static String sign(byte[] key, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            mac.update(body);
            return VERSION + "=" + HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }
}
