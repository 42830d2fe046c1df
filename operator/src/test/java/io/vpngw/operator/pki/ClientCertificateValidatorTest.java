package io.vpngw.operator.pki;

import static io.vpngw.operator.pki.TestPki.NOW;
import static io.vpngw.operator.pki.TestPki.clockAt;
import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.operator.pki.ClientCertificateVerdict.Accepted;
import io.vpngw.operator.pki.ClientCertificateVerdict.Refused;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

class ClientCertificateValidatorTest {
    private final CertificateIssuer issuer = TestPki.issuer();
    private final PointToSiteCa ca = PointToSiteCa.createFor(issuer, "prod", "gw1");
    private final CertifiedKey alice = ca.issueClientCertificate(issuer, "alice");
    private final Clock now = clockAt(NOW);

    private ClientCertificateValidator trusting(List<X509Certificate> roots, List<Thumbprint> revoked, Clock clock) {
        return new ClientCertificateValidator(roots, revoked, clock);
    }

    private ClientCertificateValidator trustingCa() {
        return trusting(List.of(ca.certificate()), List.of(), now);
    }

    @Test
    void acceptsAClientOfATrustedRoot() {
        ClientCertificateVerdict verdict = trustingCa().validate(List.of(alice.certificate()));

        assertThat(verdict).isEqualTo(new Accepted(alice.certificate(), ca.certificate()));
    }

    @Test
    void acceptsTheChainAsTlsSendsItWithTheRootIncluded() {
        assertThat(trustingCa().validate(alice.chain())).isInstanceOf(Accepted.class);
    }

    @Test
    void refusesAClientOfAnotherCa() {
        PointToSiteCa foreign = PointToSiteCa.createFor(issuer, "other", "gw9");
        CertifiedKey mallory = foreign.issueClientCertificate(issuer, "mallory");

        Refused refused = refused(trustingCa().validate(mallory.chain()));

        assertThat(refused.reason()).isEqualTo(RefusalReason.UNTRUSTED_ISSUER);
        assertThat(refused.detail()).contains("CN=mallory").contains("CN=gw9 P2S Root CA,OU=other,O=vpngw");
    }

    @Test
    void refusesARevokedThumbprintWrittenInLowerCase() {
        String lowerCase = Thumbprint.of(alice.certificate()).hex().toLowerCase(Locale.ROOT);
        ClientCertificateValidator validator = ClientCertificateValidator.fromAzureSettings(
                List.of(ca.publicCertData()), List.of(lowerCase), now);

        Refused refused = refused(validator.validate(List.of(alice.certificate())));

        assertThat(refused.reason()).isEqualTo(RefusalReason.REVOKED);
        assertThat(refused.detail()).contains(Thumbprint.of(alice.certificate()).hex());
        CertifiedKey bob = ca.issueClientCertificate(issuer, "bob");
        assertThat(validator.validate(List.of(bob.certificate()))).isInstanceOf(Accepted.class);
    }

    @Test
    void refusesAnExpiredClient() {
        Clock dayAfterExpiry = clockAt(alice.certificate().getNotAfter().toInstant().plus(Duration.ofDays(1)));

        Refused refused = refused(trusting(List.of(ca.certificate()), List.of(), dayAfterExpiry).validate(List.of(alice.certificate())));

        assertThat(refused.reason()).isEqualTo(RefusalReason.EXPIRED);
        assertThat(refused.detail()).startsWith("client certificate CN=alice");
    }

    @Test
    void acceptsUpToTheLastSecondOfValidity() {
        Clock lastSecond = clockAt(alice.certificate().getNotAfter().toInstant());

        assertThat(trusting(List.of(ca.certificate()), List.of(), lastSecond).validate(List.of(alice.certificate()))).isInstanceOf(Accepted.class);
    }

    @Test
    void refusesAClientNotYetValid() {
        Clock beforeIssue = clockAt(NOW.minus(Duration.ofHours(1)));
        CertifiedKey early = new CertificateIssuer(clockAt(NOW.plus(Duration.ofDays(2))), TestPki.seededRandom(5))
                .issue(PointToSiteCa.clientTemplate("early", Duration.ofDays(30)), KeyAlgorithm.EC_P256, ca.authority());

        assertThat(refused(trustingCa().validate(List.of(early.certificate()))).reason()).isEqualTo(RefusalReason.NOT_YET_VALID);
        assertThat(refused(trusting(List.of(ca.certificate()), List.of(), beforeIssue).validate(List.of(alice.certificate()))).reason())
                .isEqualTo(RefusalReason.NOT_YET_VALID);
    }

    @Test
    void refusesACertificateWithoutClientAuth() {
        CertifiedKey server = ca.issueServerCertificate(issuer, SubjectAlternativeNames.parse("gw1.example.com"));

        Refused refused = refused(trustingCa().validate(server.chain()));

        assertThat(refused.reason()).isEqualTo(RefusalReason.MISSING_CLIENT_AUTH);
        assertThat(refused.detail()).contains("CN=gw1.example.com").contains("1.3.6.1.5.5.7.3.2");
    }

    @Test
    void refusesACertificateFromAnImpostorCaOfTheSameName() {
        PointToSiteCa impostor = PointToSiteCa.create(issuer, ca.certificate().getSubjectX500Principal(), KeyAlgorithm.EC_P256, Duration.ofDays(365));
        CertifiedKey forged = impostor.issueClientCertificate(issuer, "alice");

        Refused refused = refused(trustingCa().validate(List.of(forged.certificate())));

        assertThat(refused.reason()).isEqualTo(RefusalReason.BAD_SIGNATURE);
        assertThat(refused.detail()).contains("in the name of trusted root CN=gw1 P2S Root CA");
    }

    @Test
    void refusesATamperedCertificate() throws Exception {
        byte[] der = alice.certificate().getEncoded();
        // The subject's CN value "alice" becomes "alicf": same structure, signature no longer matches.
        int position = indexOf(der, "alice".getBytes(java.nio.charset.StandardCharsets.US_ASCII)) + 4;
        der[position]++;
        X509Certificate tampered = PublicCertData.decode(java.util.Base64.getEncoder().encodeToString(der));

        assertThat(tampered.getSubjectX500Principal().getName()).isEqualTo("CN=alicf");
        assertThat(refused(trustingCa().validate(List.of(tampered))).reason()).isEqualTo(RefusalReason.BAD_SIGNATURE);
    }

    @Test
    void followsIntermediatesSentInAnyOrder() {
        CertifiedKey root = TestPki.enterpriseRoot(issuer.generateKeyPair(KeyAlgorithm.EC_P256), new X500Principal("CN=Corp Root"),
                NOW.minus(Duration.ofDays(1)), Duration.ofDays(3650));
        CertifiedKey issuing = issuer.issue(PointToSiteCa.template(new X500Principal("CN=Corp VPN Issuing"), Duration.ofDays(1000)),
                KeyAlgorithm.EC_P256, root);
        CertifiedKey bob = new PointToSiteCa(issuing).issueClientCertificate(issuer, "bob");
        ClientCertificateValidator validator = trusting(List.of(root.certificate()), List.of(), now);

        assertThat(validator.validate(List.of(bob.certificate(), root.certificate(), issuing.certificate())))
                .isEqualTo(new Accepted(bob.certificate(), root.certificate()));
        assertThat(refused(validator.validate(List.of(bob.certificate()))).reason())
                .as("without the intermediate the client does not reach the root").isEqualTo(RefusalReason.UNTRUSTED_ISSUER);
        assertThat(refused(trusting(List.of(root.certificate()), List.of(Thumbprint.of(issuing.certificate())), now)
                .validate(List.of(bob.certificate(), issuing.certificate()))).reason())
                .as("a revoked intermediate revokes what it issued").isEqualTo(RefusalReason.REVOKED);
    }

    @Test
    void refusesWhenTheTrustedRootHasExpired() {
        Clock afterCaExpiry = clockAt(ca.certificate().getNotAfter().toInstant().plusSeconds(1));
        CertifiedKey lateClient = new CertificateIssuer(clockAt(ca.certificate().getNotAfter().toInstant().minus(Duration.ofDays(1))),
                TestPki.seededRandom(9)).issue(PointToSiteCa.clientTemplate("late", Duration.ofDays(365)), KeyAlgorithm.EC_P256, ca.authority());

        Refused refused = refused(trusting(List.of(ca.certificate()), List.of(), afterCaExpiry).validate(List.of(lateClient.certificate())));

        assertThat(refused.reason()).isEqualTo(RefusalReason.EXPIRED);
        assertThat(refused.detail()).startsWith("trusted root CN=gw1 P2S Root CA");
    }

    @Test
    void aRootRenewedWithTheSameKeyStillAcceptsClientsOfTheOldCertificate() {
        PointToSiteCa renewed = ca.renew(TestPki.issuerAt(NOW.plus(Duration.ofDays(30))), PointToSiteCa.DEFAULT_LIFETIME);

        ClientCertificateVerdict verdict = trusting(List.of(renewed.certificate()), List.of(), clockAt(NOW.plus(Duration.ofDays(31))))
                .validate(alice.chain());

        assertThat(verdict).isEqualTo(new Accepted(alice.certificate(), renewed.certificate()));
    }

    @Test
    void anExpiredRootListedBesideItsRenewalDoesNotGetInTheWay() {
        Instant caExpiry = ca.certificate().getNotAfter().toInstant();
        CertificateIssuer shortlyBefore = TestPki.issuerAt(caExpiry.minus(Duration.ofDays(60)));
        PointToSiteCa renewed = ca.renew(shortlyBefore, PointToSiteCa.DEFAULT_LIFETIME);
        CertifiedKey client = renewed.issueClientCertificate(shortlyBefore, "carol");
        Clock afterOldExpiry = clockAt(caExpiry.plus(Duration.ofDays(1)));

        // The client still sends the old CA certificate along, as clients installed long ago do.
        ClientCertificateVerdict verdict = trusting(List.of(ca.certificate(), renewed.certificate()), List.of(), afterOldExpiry)
                .validate(List.of(client.certificate(), ca.certificate()));

        assertThat(verdict).isEqualTo(new Accepted(client.certificate(), renewed.certificate()));
    }

    @Test
    void refusesAnEmptyChain() {
        assertThat(refused(trustingCa().validate(List.of())).reason()).isEqualTo(RefusalReason.INVALID_CHAIN);
    }

    @Test
    void readsRootsAsAzureHoldsThem() {
        ClientCertificateValidator validator = ClientCertificateValidator.fromAzureSettings(
                List.of(PublicCertData.encode(TestPki.opensslRoot()), ca.publicCertData()), List.of(), now);

        assertThat(validator.validate(List.of(alice.certificate()))).isInstanceOf(Accepted.class);
        assertThat(validator).hasToString("ClientCertificateValidator[2 trusted roots, 0 revoked thumbprints]");
    }

    private static Refused refused(ClientCertificateVerdict verdict) {
        assertThat(verdict).isInstanceOf(Refused.class);
        return (Refused) verdict;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
