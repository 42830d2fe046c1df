package io.vpngw.operator.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PublicCertDataTest {
    private final X509Certificate ca = PointToSiteCa.createFor(TestPki.issuer(), "prod", "gw1").certificate();

    @Test
    void encodesTheDerAsOneLineOfBase64AndReadsItBack() throws Exception {
        String data = PublicCertData.encode(ca);

        assertThat(data).doesNotContain("\n", "-----");
        assertThat(Base64.getDecoder().decode(data)).isEqualTo(ca.getEncoded());
        assertThat(PublicCertData.decode(data)).isEqualTo(ca);
    }

    @Test
    void readsAPemBodyWithItsLineBreaksAsPastedFromACerFile() {
        String pem = Pem.encodeCertificate(ca);
        String body = pem.replace("-----BEGIN CERTIFICATE-----", "").replace("-----END CERTIFICATE-----", "").replace("\n", "\r\n");

        assertThat(PublicCertData.decode(body)).isEqualTo(ca);
    }

    @Test
    void readsAWholePemBlockToo() {
        assertThat(PublicCertData.decode(Pem.encodeCertificate(ca))).isEqualTo(ca);
    }

    @Test
    void readsOpenSslsCertificate() {
        String pem = TestPki.resource("openssl-root.pem");
        String body = pem.lines().filter(line -> !line.startsWith("-----")).reduce("", String::concat);

        X509Certificate certificate = PublicCertData.decode(body);

        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=openssl-made root,O=vpngw tests");
        assertThat(PublicCertData.encode(certificate)).isEqualTo(body);
    }

    @Test
    void refusesWhatIsNotOneCertificate() throws Exception {
        byte[] der = ca.getEncoded();
        String withTrailingBytes = Base64.getEncoder().encodeToString(Arrays.copyOf(der, der.length + 4));
        String truncated = Base64.getEncoder().encodeToString(Arrays.copyOf(der, der.length - 10));

        assertThatThrownBy(() -> PublicCertData.decode(withTrailingBytes)).hasMessageContaining("extra bytes");
        assertThatThrownBy(() -> PublicCertData.decode(truncated)).hasMessageContaining("not an X.509 certificate");
        assertThatThrownBy(() -> PublicCertData.decode("not*base64")).hasMessageContaining("not Base-64");
        assertThatThrownBy(() -> PublicCertData.decode("  \n")).hasMessageContaining("empty");
    }
}
