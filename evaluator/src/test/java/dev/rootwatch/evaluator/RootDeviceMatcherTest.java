package dev.rootwatch.evaluator;

import static dev.rootwatch.evaluator.TrailEventBuilder.ACCOUNT;
import static dev.rootwatch.evaluator.TrailEventBuilder.deactivateMfaDevice;
import static dev.rootwatch.evaluator.TrailEventBuilder.deleteVirtualMfaDevice;
import static dev.rootwatch.evaluator.TrailEventBuilder.enableMfaDevice;
import static dev.rootwatch.evaluator.TrailEventBuilder.virtualSerial;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rootwatch.common.model.MfaDevice;
import dev.rootwatch.common.model.MfaDeviceType;
import dev.rootwatch.evaluator.RootDeviceMatcher.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RootDeviceMatcherTest {

    private static final AccountState NOTHING_KNOWN = AccountState.empty(ACCOUNT);

    @ParameterizedTest
    @ValueSource(strings = {
            "arn:aws:iam::111122223333:mfa/root-account-mfa-device",
            "arn:aws-us-gov:iam::111122223333:mfa/root-account-mfa-device",
            "arn:aws-cn:iam::111122223333:mfa/root-account-mfa-device",
            "arn:aws:iam::111122223333:u2f/root/testFidoKey-R1234",
            "arn:aws-us-gov:iam::111122223333:u2f/root/yubikey-ABCDEF"})
    void shouldRecognizeRootSerialNamesInEveryPartition(String serial) {
        assertThat(RootDeviceMatcher.hasRootSerialName(serial)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "arn:aws:iam::111122223333:mfa/user1",
            "arn:aws:iam::111122223333:mfa/ops-phone",
            "arn:aws:iam::111122223333:u2f/user/alice/key-R1234",
            "arn:aws:iam::111122223333:mfa/root-account-mfa-device-backup",
            "arn:aws:iam::111122223333:mfa/team/root-account-mfa-device",
            "arn:aws:iam::111122223333:u2f/root/",
            "arn:aws:s3:::mfa/root-account-mfa-device",
            "root-account-mfa-device",
            "GAHT12345678",
            ""})
    void shouldNotRecognizeOtherSerialsAsRootsByName(String serial) {
        assertThat(RootDeviceMatcher.hasRootSerialName(serial)).isFalse();
    }

    @Test
    void shouldNotRecognizeAMissingSerialByName() {
        assertThat(RootDeviceMatcher.hasRootSerialName(null)).isFalse();
    }

    @Test
    void shouldMatchASerialThatPostureListedForRoot() {
        // Given a posture listing a custom-named device for root
        AccountState account = NOTHING_KNOWN.withPosture(PostureBuilder.compliant()
                .devices(new MfaDevice(virtualSerial("ops-phone"), MfaDeviceType.VIRTUAL)).build());

        // When an IAM user deletes that device, Then it is root's because it is known
        assertThat(RootDeviceMatcher.match(deleteVirtualMfaDevice(virtualSerial("ops-phone")).byIamUser("admin").build(),
                account)).contains(Reason.KNOWN_ROOT_SERIAL);
    }

    @Test
    void shouldMatchASerialEarlierJudgedRoots() {
        AccountState account = NOTHING_KNOWN.withRootSerial(virtualSerial("ops-phone"));

        assertThat(RootDeviceMatcher.match(deleteVirtualMfaDevice(virtualSerial("ops-phone")).byRoot().build(),
                account)).contains(Reason.KNOWN_ROOT_SERIAL);
    }

    @Test
    void shouldMatchTheConsolesRootUserName() {
        assertThat(RootDeviceMatcher.match(enableMfaDevice("AWS ROOT USER", virtualSerial("ops-phone")).build(),
                NOTHING_KNOWN)).contains(Reason.ROOT_USER_NAME);
    }

    @Test
    void shouldMatchRootDeactivatingWithoutUserNameWhateverTheSerial() {
        assertThat(RootDeviceMatcher.match(deactivateMfaDevice(null, virtualSerial("ops-phone")).byRoot().build(),
                NOTHING_KNOWN)).contains(Reason.CALLER_IS_ROOT);
    }

    @Test
    void shouldTreatABlankUserNameAsNoUserName() {
        assertThat(RootDeviceMatcher.match(deactivateMfaDevice(" ", virtualSerial("ops-phone")).byRoot().build(),
                NOTHING_KNOWN)).contains(Reason.CALLER_IS_ROOT);
    }

    @Test
    void shouldNotMatchRootDeactivatingAnIamUsersDevice() {
        assertThat(RootDeviceMatcher.match(deactivateMfaDevice("user1", virtualSerial("user1")).byRoot().build(),
                NOTHING_KNOWN)).isEmpty();
    }

    @Test
    void shouldNotMatchAnIamUserDeactivatingWithoutUserName() {
        assertThat(RootDeviceMatcher.match(deactivateMfaDevice(null, virtualSerial("ops-phone")).byIamUser("alice").build(),
                NOTHING_KNOWN)).isEmpty();
    }

    @Test
    void shouldNotMatchRootDeletingAnUnknownCustomDevice() {
        // DeleteVirtualMFADevice never names a user: root deleting user1's device is not root's device
        assertThat(RootDeviceMatcher.match(deleteVirtualMfaDevice(virtualSerial("user1")).byRoot().build(),
                NOTHING_KNOWN)).isEmpty();
    }

    @Test
    void shouldPreferTheKnownSerialOverOtherReasons() {
        AccountState account = NOTHING_KNOWN.withRootSerial(PostureBuilder.ROOT_VIRTUAL);

        assertThat(RootDeviceMatcher.match(deactivateMfaDevice("AWS ROOT USER", PostureBuilder.ROOT_VIRTUAL).build(),
                account)).contains(Reason.KNOWN_ROOT_SERIAL);
    }

    @Test
    void shouldLabelReasonsForAlertDetails() {
        assertThat(Reason.KNOWN_ROOT_SERIAL.label()).isEqualTo("known-root-serial");
        assertThat(Reason.CALLER_IS_ROOT.label()).isEqualTo("caller-is-root");
    }
}
