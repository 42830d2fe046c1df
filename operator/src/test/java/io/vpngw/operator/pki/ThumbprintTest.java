package io.vpngw.operator.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ThumbprintTest {

    @Test
    void matchesWhatOpenSslPrintsForTheSameCertificate() {
        String opensslOutput = TestPki.resource("openssl-root.sha1-fingerprint.txt").strip();

        Thumbprint thumbprint = Thumbprint.of(TestPki.opensslRoot());

        assertThat(opensslOutput).isEqualTo("sha1 Fingerprint=" + thumbprint.colonSeparated());
        assertThat(thumbprint.hex()).isEqualTo("41EECACCFD8A3F0123510BD667FA2BBD6A7F8C02");
        assertThat(Thumbprint.parse(opensslOutput)).isEqualTo(thumbprint);
    }

    @Test
    void isTheSha1OfTheDerInUpperCaseHex() throws Exception {
        var certificate = PointToSiteCa.createFor(TestPki.issuer(), "prod", "gw1").certificate();
        byte[] digest = MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded());

        Thumbprint thumbprint = Thumbprint.of(certificate);

        assertThat(thumbprint.hex()).isEqualTo(HexFormat.of().withUpperCase().formatHex(digest)).matches("[0-9A-F]{40}");
        assertThat(thumbprint).hasToString(thumbprint.hex());
    }

    @Test
    void comparesWithoutRegardToCase() {
        Thumbprint upper = new Thumbprint("41EECACCFD8A3F0123510BD667FA2BBD6A7F8C02");
        Thumbprint lower = new Thumbprint("41eecaccfd8a3f0123510bd667fa2bbd6a7f8c02");

        assertThat(lower).isEqualTo(upper).hasSameHashCodeAs(upper);
        assertThat(lower.hex()).isEqualTo("41EECACCFD8A3F0123510BD667FA2BBD6A7F8C02");
        assertThat(upper.matches("41eeCACCfd8a3f0123510bd667fa2bbd6a7f8c02")).isTrue();
        assertThat(upper.matches("41eecaccfd8a3f0123510bd667fa2bbd6a7f8c03")).isFalse();
        assertThat(upper.matches("not a thumbprint")).isFalse();
    }

    @Test
    void parsesWhatPeoplePaste() {
        Thumbprint expected = new Thumbprint("41EECACCFD8A3F0123510BD667FA2BBD6A7F8C02");

        assertThat(Thumbprint.parse("41:ee:ca:cc:fd:8a:3f:01:23:51:0b:d6:67:fa:2b:bd:6a:7f:8c:02")).isEqualTo(expected);
        assertThat(Thumbprint.parse("\u200e41eecaccfd8a3f0123510bd667fa2bbd6a7f8c02")).isEqualTo(expected);
        assertThat(Thumbprint.parse(" 41 ee ca cc fd 8a 3f 01 23 51 0b d6 67 fa 2b bd 6a 7f 8c 02 ")).isEqualTo(expected);
    }

    @Test
    void refusesAnythingButFortyHexDigits() {
        assertThatThrownBy(() -> new Thumbprint("41EECACCFD8A3F0123510BD667FA2BBD6A7F8C0")).hasMessageContaining("40 hexadecimal digits");
        assertThatThrownBy(() -> new Thumbprint("41EECACCFD8A3F0123510BD667FA2BBD6A7F8C0G")).hasMessageContaining("40 hexadecimal digits");
        assertThatThrownBy(() -> Thumbprint.parse("")).isInstanceOf(IllegalArgumentException.class);
    }
}
