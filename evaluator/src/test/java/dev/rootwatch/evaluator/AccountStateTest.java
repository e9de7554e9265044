package dev.rootwatch.evaluator;

import static dev.rootwatch.evaluator.TrailEventBuilder.ACCOUNT;
import static dev.rootwatch.evaluator.TrailEventBuilder.virtualSerial;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rootwatch.common.json.JsonSerde;
import dev.rootwatch.common.model.Compliance;
import dev.rootwatch.common.model.MfaDevice;
import dev.rootwatch.common.model.MfaDeviceType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AccountStateTest {

    @Test
    void shouldSurviveTheStoresJsonRoundTrip() {
        // Given an account state with a posture and a learned serial
        AccountState state = AccountState.empty(ACCOUNT)
                .withPosture(PostureBuilder.compliant().build())
                .withRootSerial(virtualSerial("ops-phone"));
        JsonSerde<AccountState> serde = new JsonSerde<>(AccountState.class);

        // When written and read back
        AccountState read = serde.deserialize("store", serde.serialize("store", state));

        // Then nothing is lost
        assertThat(read).isEqualTo(state);
        assertThat(read.postureCompliance()).isEqualTo(Compliance.COMPLIANT);
        assertThat(read.rootSerials()).containsExactly(PostureBuilder.ROOT_VIRTUAL, virtualSerial("ops-phone"));
    }

    @Test
    void shouldKeepRootLinksThroughTheStoreAndReadStateWrittenBeforeThem() {
        // Given a state remembering a root sign-in and a trail weakening
        AccountState state = AccountState.empty(ACCOUNT).withRootLinks(RootLinks.empty()
                .withSignIn(new RootLinks.Sighting("login-1", Instant.parse("2026-11-02T10:00:00Z"), null, null))
                .withWeakening(new RootLinks.Sighting("trail-1", Instant.parse("2026-11-02T10:05:00Z"),
                        "CloudTrail trail weakened in account " + ACCOUNT, "MULTI_REGION_DISABLED")));
        JsonSerde<AccountState> serde = new JsonSerde<>(AccountState.class);

        // When written and read back, and a state stored before root links existed is read
        AccountState read = serde.deserialize("store", serde.serialize("store", state));
        AccountState older = serde.deserialize("store", ("{\"accountId\":\"" + ACCOUNT + "\",\"rootSerials\":[]}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));

        // Then nothing is lost, and the older state has no links
        assertThat(read).isEqualTo(state);
        assertThat(older.rootLinks()).isEqualTo(RootLinks.empty());
    }

    @Test
    void shouldKeepSerialsOfEveryPostureSeen() {
        AccountState state = AccountState.empty(ACCOUNT)
                .withPosture(PostureBuilder.compliant().devices(new MfaDevice(virtualSerial("a"), MfaDeviceType.VIRTUAL)).build())
                .withPosture(PostureBuilder.compliant().devices(new MfaDevice("GAHT12345678", MfaDeviceType.HARDWARE)).build());

        assertThat(state.knowsRootSerial(virtualSerial("a"))).isTrue();
        assertThat(state.knowsRootSerial("GAHT12345678")).isTrue();
        assertThat(state.knowsRootSerial(null)).isFalse();
    }

    @Test
    void shouldBoundTheSerialHistoryKeepingTheNewest() {
        AccountState state = AccountState.empty(ACCOUNT);
        for (int i = 0; i < AccountState.MAX_ROOT_SERIALS + 10; i++) {
            state = state.withRootSerial(virtualSerial("device-" + i));
        }

        assertThat(state.rootSerials()).hasSize(AccountState.MAX_ROOT_SERIALS);
        assertThat(state.knowsRootSerial(virtualSerial("device-0"))).isFalse();
        assertThat(state.knowsRootSerial(virtualSerial("device-" + (AccountState.MAX_ROOT_SERIALS + 9)))).isTrue();
    }

    @Test
    void shouldRoundTripAnOpenIncident() {
        OpenIncident incident = new OpenIncident("0123456789abcdef0123456789abcdef",
                Instant.parse("2026-11-01T12:00:00Z"), Instant.parse("2026-11-01T12:00:00Z"), 1,
                Instant.parse("2026-11-01T12:00:00Z"), 0, "Root user has no MFA in account 111122223333",
                "IAM reports for account 111122223333 that root has no MFA and can sign in.");
        JsonSerde<OpenIncident> serde = new JsonSerde<>(OpenIncident.class);

        assertThat(serde.deserialize("store", serde.serialize("store", incident))).isEqualTo(incident);
    }
}
