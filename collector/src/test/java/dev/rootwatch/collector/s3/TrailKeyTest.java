package dev.rootwatch.collector.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rootwatch.collector.s3.TrailKey.Kind;
import org.junit.jupiter.api.Test;

class TrailKeyTest {

    @Test
    void readsTheAccountOfAnAccountTrailKey() {
        // Given the documented key of a log file
        TrailKey key = TrailKey.parse("AWSLogs/111122223333/CloudTrail/us-east-1/2023/08/08/"
                + "111122223333_CloudTrail_us-east-1_20230808T1445Z_pZ3Iuksq3l2eQoiN.json.gz");

        // Then it is a log file of that account
        assertThat(key).isEqualTo(new TrailKey(Kind.LOG, null, "111122223333"));
    }

    @Test
    void readsTheOrganizationAndAccountOfAnOrganizationTrailKeyBehindAPrefix() {
        TrailKey key = TrailKey.parse("security/trails/AWSLogs/o-a1b2c3d4e5/444455556666/CloudTrail/eu-west-1/2026/03/14/"
                + "444455556666_CloudTrail_eu-west-1_20260314T1205Z_abcdefabcdefabcd.json.gz");

        assertThat(key).isEqualTo(new TrailKey(Kind.LOG, "o-a1b2c3d4e5", "444455556666"));
    }

    @Test
    void tellsDigestsInsightsAndOtherServicesApart() {
        assertThat(TrailKey.parse("AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/03/14/"
                + "111122223333_CloudTrail-Digest_us-east-1_management_us-east-1_20260314T120000Z.json.gz").kind()).isEqualTo(Kind.DIGEST);
        assertThat(TrailKey.parse("AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail-Insight/us-east-1/2026/03/14/x.json.gz").kind())
                .isEqualTo(Kind.INSIGHT);
        assertThat(TrailKey.parse("AWSLogs/111122223333/Config/us-east-1/2026/3/14/ConfigHistory/x.json.gz").kind())
                .isEqualTo(Kind.OTHER_SERVICE);
    }

    @Test
    void readsKeysOutsideTheLayoutAsLogFilesOfUnknownAccount() {
        assertThat(TrailKey.parse("foo.json.gz")).isEqualTo(new TrailKey(Kind.LOG, null, null));
        assertThat(TrailKey.parse("AWSLogs/not-an-account/CloudTrail/x.json.gz")).isEqualTo(new TrailKey(Kind.LOG, null, null));
        assertThat(TrailKey.parse("copies/111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_20260314T120000Z.json.gz").kind())
                .isEqualTo(Kind.DIGEST);
    }
}
