package dev.rootwatch.evaluator;

import dev.rootwatch.common.model.TrailEvent;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers "is the MFA device this IAM call acted on one of root's?" — the question every root
 * MFA detection rests on. Never from the actor alone (root often manages IAM users' MFA), nor
 * from the request's user name alone (AssumeRoot sessions omit it). The device is root's when:
 * <ol>
 *   <li>its serial number is one the account's postures listed for root, or an earlier event was judged root's;</li>
 *   <li>its serial is root's by name: {@code arn:<partition>:iam::<account>:mfa/root-account-mfa-device}
 *       or {@code ...:u2f/root/...}, in any partition ({@code aws}, {@code aws-us-gov}, {@code aws-cn});</li>
 *   <li>the request names the user {@code AWS ROOT USER}; or</li>
 *   <li>for DeactivateMFADevice only: the request names no user and the caller is root (the API
 *       defaults the user to the caller). DeleteVirtualMFADevice never takes a user name, so root
 *       deleting an IAM user's device says nothing about whose device it was.</li>
 * </ol>
 */
final class RootDeviceMatcher {

    /** The user name the console sends for root's own MFA calls. */
    static final String ROOT_USER_NAME = "AWS ROOT USER";

    static final String DEACTIVATE_MFA_DEVICE = "DeactivateMFADevice";

    /** arn:partition:iam::account:resource; the partition is aws, aws-us-gov, aws-cn or another aws-*. */
    private static final Pattern IAM_ARN = Pattern.compile("^arn:(aws(?:-[a-z]+)*):iam::(\\d*):(.+)$");
    private static final String ROOT_LEGACY_VIRTUAL = "mfa/root-account-mfa-device";
    private static final String ROOT_U2F_PREFIX = "u2f/root/";

    /** Why a device was judged root's; the label goes into alert details. */
    enum Reason {
        KNOWN_ROOT_SERIAL,
        ROOT_SERIAL_NAME,
        ROOT_USER_NAME,
        CALLER_IS_ROOT;

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private RootDeviceMatcher() {
    }

    /** Why the device {@code event} acted on is root's, or empty where it is not (or cannot be told). */
    static Optional<Reason> match(TrailEvent event, AccountState account) {
        String serial = blankToNull(event.target().serialNumber());
        String userName = blankToNull(event.target().userName());
        if (account.knowsRootSerial(serial)) {
            return Optional.of(Reason.KNOWN_ROOT_SERIAL);
        }
        if (hasRootSerialName(serial)) {
            return Optional.of(Reason.ROOT_SERIAL_NAME);
        }
        if (ROOT_USER_NAME.equalsIgnoreCase(userName)) {
            return Optional.of(Reason.ROOT_USER_NAME);
        }
        if (userName == null && DEACTIVATE_MFA_DEVICE.equals(event.eventName()) && event.actor().isRoot()) {
            return Optional.of(Reason.CALLER_IS_ROOT);
        }
        return Optional.empty();
    }

    /** True for {@code :mfa/root-account-mfa-device} and {@code :u2f/root/...} serials, in any aws partition. */
    static boolean hasRootSerialName(String serialNumber) {
        if (serialNumber == null) {
            return false;
        }
        Matcher arn = IAM_ARN.matcher(serialNumber.trim());
        if (!arn.matches()) {
            return false;
        }
        String resource = arn.group(3);
        return resource.equals(ROOT_LEGACY_VIRTUAL)
                || (resource.startsWith(ROOT_U2F_PREFIX) && resource.length() > ROOT_U2F_PREFIX.length());
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
