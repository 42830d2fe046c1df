package io.vpngw.operator.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.EncryptedData;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagFactory;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.bc.BcPKCS12MacCalculatorBuilderProvider;
import org.bouncycastle.operator.bc.BcDefaultDigestProvider;
import org.junit.jupiter.api.Test;

class Pkcs12Test {
    private static final int FAST_ITERATIONS = 10_000;
    private static final char[] PASSWORD = "correct horse battery staple".toCharArray();

    private final CertificateIssuer issuer = TestPki.issuer();
    private final PointToSiteCa ca = PointToSiteCa.createFor(issuer, "prod", "gw1");
    private final CertifiedKey client = ca.issueClientCertificate(issuer, "alice");

    @Test
    void theJdkKeyStoreLoadsTheKeyAndWholeChainUnderTheFriendlyName() throws Exception {
        byte[] pfx = Pkcs12.export(client, "alice", PASSWORD, issuer.random(), FAST_ITERATIONS);

        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new ByteArrayInputStream(pfx), PASSWORD);

        assertThat(Collections.list(store.aliases())).containsExactly("alice");
        assertThat(store.isKeyEntry("alice")).isTrue();
        assertThat(store.getKey("alice", PASSWORD)).isEqualTo(client.privateKey());
        assertThat(store.getCertificateChain("alice")).containsExactly(client.certificate(), ca.certificate());
    }

    @Test
    void keyAndCertificatesAreEncryptedWithAes256AndPbkdf2HmacSha256() throws Exception {
        byte[] pfx = Pkcs12.export(client, "alice", PASSWORD, issuer.random(), FAST_ITERATIONS);
        PKCS12PfxPdu pdu = new PKCS12PfxPdu(pfx);

        List<AlgorithmIdentifier> encryptions = new java.util.ArrayList<>();
        List<PKCS8EncryptedPrivateKeyInfo> keys = new java.util.ArrayList<>();
        for (ContentInfo info : pdu.getContentInfos()) {
            if (info.getContentType().equals(PKCSObjectIdentifiers.encryptedData)) {
                encryptions.add(EncryptedData.getInstance(info.getContent()).getEncryptionAlgorithm());
            } else {
                for (PKCS12SafeBag bag : new PKCS12SafeBagFactory(info).getSafeBags()) {
                    assertThat(bag.getType()).isEqualTo(PKCSObjectIdentifiers.pkcs8ShroudedKeyBag);
                    keys.add((PKCS8EncryptedPrivateKeyInfo) bag.getBagValue());
                }
            }
        }
        assertThat(keys).hasSize(1);
        encryptions.add(keys.getFirst().getEncryptionAlgorithm());
        assertThat(encryptions).hasSize(2).allSatisfy(Pkcs12Test::assertPbes2Aes256);

        // The JDK reads the key's scheme the same way.
        assertThat(new javax.crypto.EncryptedPrivateKeyInfo(keys.getFirst().getEncoded()).getAlgName())
                .isEqualTo("PBEWithHmacSHA256AndAES_256");
        assertThat(pdu.hasMac()).isTrue();
        assertThat(pdu.getMacAlgorithmID().getAlgorithm()).isEqualTo(NISTObjectIdentifiers.id_sha256);
        assertThat(pdu.isMacValid(new BcPKCS12MacCalculatorBuilderProvider(BcDefaultDigestProvider.INSTANCE), PASSWORD)).isTrue();
    }

    @Test
    void byDefaultEachDerivationUsesTheDefaultIterationCount() throws Exception {
        byte[] pfx = Pkcs12.export(client, "alice", PASSWORD, issuer.random());
        PKCS12PfxPdu pdu = new PKCS12PfxPdu(pfx);

        ContentInfo certificates = Arrays.stream(pdu.getContentInfos())
                .filter(info -> info.getContentType().equals(PKCSObjectIdentifiers.encryptedData))
                .findFirst().orElseThrow();
        PBES2Parameters parameters = PBES2Parameters.getInstance(
                EncryptedData.getInstance(certificates.getContent()).getEncryptionAlgorithm().getParameters());
        assertThat(PBKDF2Params.getInstance(parameters.getKeyDerivationFunc().getParameters()).getIterationCount().intValue())
                .isEqualTo(Pkcs12.DEFAULT_ITERATIONS);
        assertThat(pdu.toASN1Structure().getMacData().getIterationCount().intValue()).isEqualTo(Pkcs12.DEFAULT_ITERATIONS);
    }

    @Test
    void readsBackWhatItExports() {
        byte[] pfx = Pkcs12.export(client, "alice", PASSWORD, issuer.random(), FAST_ITERATIONS);

        CertifiedKey read = Pkcs12.read(pfx, PASSWORD);

        assertThat(read).isEqualTo(client);
        assertThat(new PointToSiteCa(Pkcs12.read(Pkcs12.export(ca.authority(), "ca", PASSWORD, issuer.random(), FAST_ITERATIONS), PASSWORD)))
                .isEqualTo(ca);
    }

    @Test
    void readsAFileInTheLegacyTripleDesSchemeAsOlderWindowsExportsIt() throws Exception {
        KeyStore legacy = KeyStore.getInstance("PKCS12");
        legacy.load(null, null);
        legacy.setEntry("corp-ca",
                new KeyStore.PrivateKeyEntry(ca.authority().privateKey(), new Certificate[] {ca.certificate()}),
                new KeyStore.PasswordProtection(PASSWORD, "PBEWithSHA1AndDESede", null));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        legacy.store(out, PASSWORD);

        assertThat(Pkcs12.read(out.toByteArray(), PASSWORD)).isEqualTo(ca.authority());
    }

    @Test
    void aWrongPasswordIsRefused() {
        byte[] pfx = Pkcs12.export(client, "alice", PASSWORD, issuer.random(), FAST_ITERATIONS);

        assertThatThrownBy(() -> Pkcs12.read(pfx, "wrong".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wrong password");
    }

    @Test
    void aFileWithTwoKeysIsAmbiguous() throws Exception {
        KeyStore two = KeyStore.getInstance("PKCS12");
        two.load(null, null);
        two.setKeyEntry("one", client.privateKey(), PASSWORD, client.chain().toArray(Certificate[]::new));
        two.setKeyEntry("two", ca.authority().privateKey(), PASSWORD, ca.authority().chain().toArray(Certificate[]::new));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        two.store(out, PASSWORD);

        assertThatThrownBy(() -> Pkcs12.read(out.toByteArray(), PASSWORD)).hasMessageContaining("expected one private key").hasMessageContaining("found 2");
    }

    @Test
    void refusesAnEmptyPasswordOrTooFewIterations() {
        assertThatThrownBy(() -> Pkcs12.export(client, "alice", new char[0], issuer.random())).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> Pkcs12.export(client, "alice", PASSWORD, issuer.random(), 2048)).hasMessageContaining("at least 10,000");
    }

    private static void assertPbes2Aes256(AlgorithmIdentifier algorithm) {
        assertThat(algorithm.getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_PBES2);
        PBES2Parameters parameters = PBES2Parameters.getInstance(algorithm.getParameters());
        assertThat(parameters.getEncryptionScheme().getAlgorithm()).isEqualTo(NISTObjectIdentifiers.id_aes256_CBC);
        assertThat(parameters.getKeyDerivationFunc().getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_PBKDF2);
        PBKDF2Params kdf = PBKDF2Params.getInstance(parameters.getKeyDerivationFunc().getParameters());
        assertThat(kdf.getPrf().getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_hmacWithSHA256);
        assertThat(kdf.getIterationCount().intValue()).isEqualTo(FAST_ITERATIONS);
        assertThat(kdf.getSalt()).hasSize(16);
    }
}
