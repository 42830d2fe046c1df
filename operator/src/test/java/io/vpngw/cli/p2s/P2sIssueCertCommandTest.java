package io.vpngw.cli.p2s;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.operator.pki.Pem;
import io.vpngw.operator.pki.PointToSiteCa;
import io.vpngw.operator.pki.Thumbprint;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class P2sIssueCertCommandTest {
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    @TempDir
    Path dir;

    @Test
    void issuesAClientCertificateThatChainsToTheGivenCaWithAPrivateKeyFileAndAPkcs12() throws Exception {
        PointToSiteCa ca = CliRun.newCa("Test P2S Root");
        Path[] caFiles = CliRun.writeCa(ca, dir);
        Path password = dir.resolve("password");
        Files.writeString(password, "correct horse battery\n");

        CliRun r = CliRun.run("p2s", "issue-cert", "--common-name", "alice", "--ca-cert", caFiles[0].toString(),
                "--ca-key", caFiles[1].toString(), "--days", "10",
                "--cert-out", dir.resolve("alice.crt").toString(), "--key-out", dir.resolve("alice.key").toString(),
                "--pkcs12", dir.resolve("alice.p12").toString(), "--password-file", password.toString());

        assertThat(r.exitCode).as(r.err.toString()).isZero();
        List<X509Certificate> chain = Pem.decodeCertificates(Files.readString(dir.resolve("alice.crt")));
        X509Certificate leaf = chain.getFirst();
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=alice");
        assertThat(leaf.getExtendedKeyUsage()).contains(CLIENT_AUTH);
        assertThat(leaf.getNotAfter().toInstant()).isBetween(Instant.now().plus(Duration.ofDays(9)), Instant.now().plus(Duration.ofDays(11)));
        // PKIX from the leaf to the CA as the only trust anchor
        var path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf));
        PKIXParameters pkix = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
        pkix.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(path, pkix);

        Path keyFile = dir.resolve("alice.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        PrivateKey key = Pem.decodePrivateKey(Files.readString(keyFile));
        assertThat(key.getAlgorithm()).isEqualTo("EC");

        KeyStore p12 = KeyStore.getInstance("PKCS12");
        p12.load(new ByteArrayInputStream(Files.readAllBytes(dir.resolve("alice.p12"))), "correct horse battery".toCharArray());
        String alias = p12.aliases().nextElement();
        assertThat(p12.isKeyEntry(alias)).isTrue();
        assertThat(p12.getKey(alias, "correct horse battery".toCharArray()).getEncoded()).isEqualTo(key.getEncoded());
        assertThat(p12.getCertificate(alias)).isEqualTo(leaf);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("alice.p12")))).isEqualTo("rw-------");

        assertThat(r.line("thumbprint")).isEqualTo(Thumbprint.of(leaf).hex());
        assertThat(r.out.toString() + r.err).doesNotContain("PRIVATE KEY").doesNotContain("correct horse");
    }

    @Test
    void rsa2048OnRequestAndDefaultFileNamesFromTheCommonName() throws Exception {
        Path[] caFiles = CliRun.writeCa(CliRun.newCa("Test P2S Root"), dir);
        Path work = Files.createDirectory(dir.resolve("out"));
        CliRun r = CliRun.run("p2s", "issue-cert", "--common-name", "bob laptop", "--ca-cert", caFiles[0].toString(),
                "--ca-key", caFiles[1].toString(), "--key-algorithm", "rsa-2048",
                "--cert-out", work.resolve("bob.crt").toString(), "--key-out", work.resolve("bob.key").toString());
        assertThat(r.exitCode).as(r.err.toString()).isZero();
        X509Certificate leaf = Pem.decodeCertificates(Files.readString(work.resolve("bob.crt"))).getFirst();
        assertThat(((RSAPublicKey) leaf.getPublicKey()).getModulus().bitLength()).isEqualTo(2048);
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=bob laptop");
    }

    @Test
    void refusesAPkcs12WithoutAPasswordFileAndNeverOverwritesAKey() throws Exception {
        Path[] caFiles = CliRun.writeCa(CliRun.newCa("Test P2S Root"), dir);
        CliRun noPassword = CliRun.run("p2s", "issue-cert", "--common-name", "carol", "--ca-cert", caFiles[0].toString(),
                "--ca-key", caFiles[1].toString(), "--pkcs12", dir.resolve("carol.p12").toString());
        assertThat(noPassword.exitCode).isEqualTo(2);
        assertThat(noPassword.err.toString()).contains("--password-file");
        assertThat(dir.resolve("carol.p12")).doesNotExist();

        Files.writeString(dir.resolve("carol.key"), "keep me");
        CliRun existing = CliRun.run("p2s", "issue-cert", "--common-name", "carol", "--ca-cert", caFiles[0].toString(),
                "--ca-key", caFiles[1].toString(), "--cert-out", dir.resolve("carol.crt").toString(),
                "--key-out", dir.resolve("carol.key").toString());
        assertThat(existing.exitCode).isEqualTo(1);
        assertThat(existing.err.toString()).contains("carol.key exists");
        assertThat(Files.readString(dir.resolve("carol.key"))).isEqualTo("keep me");
    }

    @Test
    void refusesACaThatIsNotACa() throws Exception {
        PointToSiteCa ca = CliRun.newCa("Test P2S Root");
        Path[] caFiles = CliRun.writeCa(ca, dir);
        CliRun first = CliRun.run("p2s", "issue-cert", "--common-name", "dave", "--ca-cert", caFiles[0].toString(),
                "--ca-key", caFiles[1].toString(), "--cert-out", dir.resolve("dave.crt").toString(),
                "--key-out", dir.resolve("dave.key").toString());
        assertThat(first.exitCode).isZero();
        CliRun leafAsCa = CliRun.run("p2s", "issue-cert", "--common-name", "eve", "--ca-cert", dir.resolve("dave.crt").toString(),
                "--ca-key", dir.resolve("dave.key").toString(), "--cert-out", dir.resolve("eve.crt").toString(),
                "--key-out", dir.resolve("eve.key").toString());
        assertThat(leafAsCa.exitCode).isEqualTo(1);
        assertThat(leafAsCa.err.toString()).contains("is not a CA certificate");
        assertThat(dir.resolve("eve.key")).doesNotExist();
    }
}
