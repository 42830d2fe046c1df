package io.vpngw.operator.pki;

import static io.vpngw.operator.pki.TestPki.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vpngw.operator.pki.RenewalDecision.Keep;
import io.vpngw.operator.pki.RenewalDecision.Reissue;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RenewalPolicyTest {
    private final RenewalPolicy policy = RenewalPolicy.defaults();
    private final CertificateIssuer issuer = TestPki.issuer();
    private final GatewayIdentity identity = GatewayIdentity.of("prod", "gw1", SubjectAlternativeNames.parse("gw1.example.com", "203.0.113.7"));
    private final X509Certificate selfSigned = identity.issueSelfSigned(issuer).certificate();
    private final Instant notAfter = selfSigned.getNotAfter().toInstant();

    @Test
    void unchangedCertificateIsKeptUntilThirtyDaysBeforeExpiry() {
        RenewalDecision decision = policy.decide(selfSigned, identity.desiredSelfSigned(), NOW);

        assertThat(decision).isEqualTo(new Keep(notAfter.minus(Duration.ofDays(30))));
        assertThat(policy.renewalDue(selfSigned)).isEqualTo(notAfter.minus(Duration.ofDays(30)));
    }

    @Test
    void reconcilingAgainAndAgainKeepsTheSameCertificate() {
        for (Instant now = NOW; now.isBefore(notAfter.minus(Duration.ofDays(31))); now = now.plus(Duration.ofDays(7))) {
            assertThat(policy.decide(selfSigned, identity.desiredSelfSigned(), now)).isInstanceOf(Keep.class);
        }
    }

    @Test
    void namesInAnotherOrderAreNoChange() {
        GatewayIdentity reordered = identity.withAlternativeNames(SubjectAlternativeNames.parse("203.0.113.7", "GW1.example.com."));

        assertThat(policy.decide(selfSigned, reordered.desiredSelfSigned(), NOW)).isInstanceOf(Keep.class);
    }

    @Test
    void aNewLifetimeAloneIsNoChange() {
        assertThat(policy.decide(selfSigned, identity.withLifetime(Duration.ofDays(90)).desiredSelfSigned(), NOW)).isInstanceOf(Keep.class);
    }

    @Test
    void expiringWithinTheWindowIsReissued() {
        Instant justBefore = notAfter.minus(Duration.ofDays(30)).minusSeconds(1);
        Instant due = notAfter.minus(Duration.ofDays(30));

        assertThat(policy.decide(selfSigned, identity.desiredSelfSigned(), justBefore)).isInstanceOf(Keep.class);
        assertThat(reissue(policy.decide(selfSigned, identity.desiredSelfSigned(), due)).reasons()).containsExactly(RenewalReason.EXPIRING);
    }

    @Test
    void expiredIsReissuedAndSaysSo() {
        Reissue decision = reissue(policy.decide(selfSigned, identity.desiredSelfSigned(), notAfter.plusSeconds(1)));

        assertThat(decision.reasons()).containsExactly(RenewalReason.EXPIRING);
        assertThat(decision.summary()).startsWith("expired " + notAfter);
    }

    @Test
    void shortLivedCertificatesRenewAtTwoThirdsOfTheirLifeInsteadOfEveryReconcile() {
        X509Certificate oneDay = identity.withLifetime(Duration.ofDays(1)).issueSelfSigned(issuer).certificate();
        Duration lifetime = Duration.between(oneDay.getNotBefore().toInstant(), oneDay.getNotAfter().toInstant());
        Instant due = oneDay.getNotAfter().toInstant().minus(lifetime.dividedBy(3));

        assertThat(policy.decide(oneDay, identity.desiredSelfSigned(), NOW)).isEqualTo(new Keep(due));
        assertThat(policy.decide(oneDay, identity.desiredSelfSigned(), due)).isInstanceOf(Reissue.class);
    }

    @Test
    void notYetValidIsReissued() {
        Reissue decision = reissue(policy.decide(selfSigned, identity.desiredSelfSigned(), NOW.minus(Duration.ofHours(1))));

        assertThat(decision.reasons()).containsExactly(RenewalReason.NOT_YET_VALID);
    }

    @Test
    void changedNamesAreReissuedWithBothSetsInTheDetails() {
        GatewayIdentity moved = identity.withAlternativeNames(SubjectAlternativeNames.parse("gw1.example.com", "198.51.100.9"));

        Reissue decision = reissue(policy.decide(selfSigned, moved.desiredSelfSigned(), NOW));

        assertThat(decision.reasons()).containsExactly(RenewalReason.ALTERNATIVE_NAMES_CHANGED);
        assertThat(decision.summary()).isEqualTo(
                "names are DNS:gw1.example.com, IP Address:203.0.113.7, wanted DNS:gw1.example.com, IP Address:198.51.100.9");
    }

    @Test
    void aRenamedGatewayIsReissued() {
        GatewayIdentity renamed = new GatewayIdentity("prod", "gw2", identity.alternativeNames(), identity.keyAlgorithm(), identity.lifetime());

        assertThat(reissue(policy.decide(selfSigned, renamed.desiredSelfSigned(), NOW)).reasons()).containsExactly(RenewalReason.SUBJECT_CHANGED);
    }

    @Test
    void anotherKeyTypeIsReissued() {
        Reissue decision = reissue(policy.decide(selfSigned, identity.withKeyAlgorithm(KeyAlgorithm.RSA_3072).desiredSelfSigned(), NOW));

        assertThat(decision.reasons()).containsExactly(RenewalReason.KEY_ALGORITHM_CHANGED);
        assertThat(decision.summary()).isEqualTo("key is EC secp256r1, wanted RSA_3072");
    }

    @Test
    void movingFromSelfSignedToACaIsReissuedAndBack() {
        PointToSiteCa ca = PointToSiteCa.createFor(issuer, "prod", "gw1");
        X509Certificate signed = identity.issueSignedBy(ca.authority(), issuer).certificate();

        assertThat(reissue(policy.decide(selfSigned, identity.desiredSignedBy(ca.certificate()), NOW)).reasons())
                .containsExactly(RenewalReason.ISSUER_CHANGED);
        assertThat(reissue(policy.decide(signed, identity.desiredSelfSigned(), NOW)).reasons())
                .containsExactly(RenewalReason.ISSUER_CHANGED);
        assertThat(policy.decide(signed, identity.desiredSignedBy(ca.certificate()), NOW)).isInstanceOf(Keep.class);
    }

    @Test
    void aCaRecreatedWithANewKeyUnderTheSameNameIsAnIssuerChange() {
        PointToSiteCa ca = PointToSiteCa.createFor(issuer, "prod", "gw1");
        PointToSiteCa recreated = PointToSiteCa.createFor(TestPki.issuerAt(NOW.plusSeconds(60)), "prod", "gw1");
        X509Certificate server = ca.issueServerCertificate(issuer, identity.alternativeNames()).certificate();

        Reissue decision = reissue(policy.decide(server, recreated.desiredServerCertificate(identity.alternativeNames(), KeyAlgorithm.EC_P256), NOW));

        assertThat(decision.reasons()).containsExactly(RenewalReason.ISSUER_CHANGED);
        assertThat(decision.summary()).contains(recreated.thumbprint().hex());
    }

    @Test
    void aCaRenewedWithTheSameKeyKeepsWhatItIssued() {
        PointToSiteCa ca = PointToSiteCa.createFor(issuer, "prod", "gw1");
        PointToSiteCa renewed = ca.renew(TestPki.issuerAt(NOW.plus(Duration.ofDays(100))), PointToSiteCa.DEFAULT_LIFETIME);
        X509Certificate server = ca.issueServerCertificate(issuer, identity.alternativeNames()).certificate();

        assertThat(policy.decide(server, renewed.desiredServerCertificate(identity.alternativeNames(), KeyAlgorithm.EC_P256), NOW))
                .isInstanceOf(Keep.class);
    }

    @Test
    void aCertificateMadeForAnotherPurposeIsReissued() {
        PointToSiteCa ca = PointToSiteCa.createFor(issuer, "prod", "gw1");
        X509Certificate server = ca.issueServerCertificate(issuer, identity.alternativeNames()).certificate();
        DesiredCertificate identityFromCa = identity.desiredSignedBy(ca.certificate());

        Reissue decision = reissue(policy.decide(server, identityFromCa, NOW));

        assertThat(decision.reasons()).containsExactly(RenewalReason.SUBJECT_CHANGED, RenewalReason.PROFILE_CHANGED);
        assertThat(decision.summary()).contains("extended key usages are [1.3.6.1.5.5.7.3.1], wanted");
    }

    @Test
    void theGatewaysOwnCaIsKeptUntilItNearsExpiry() {
        PointToSiteCa ca = PointToSiteCa.createFor(issuer, "prod", "gw1");
        DesiredCertificate desired = PointToSiteCa.desiredFor("prod", "gw1", KeyAlgorithm.EC_P256);
        Instant caNotAfter = ca.certificate().getNotAfter().toInstant();

        assertThat(policy.decide(ca.certificate(), desired, NOW)).isEqualTo(new Keep(caNotAfter.minus(Duration.ofDays(30))));
        assertThat(reissue(policy.decide(ca.certificate(), desired, caNotAfter.minus(Duration.ofDays(1)))).reasons())
                .containsExactly(RenewalReason.EXPIRING);
    }

    @Test
    void aCertificateMadeElsewhereHasEveryMismatchListed() {
        Reissue decision = reissue(policy.decide(TestPki.opensslRoot(), identity.desiredSelfSigned(), NOW));

        assertThat(decision.reasons()).containsExactly(RenewalReason.NOT_YET_VALID, RenewalReason.SUBJECT_CHANGED,
                RenewalReason.ALTERNATIVE_NAMES_CHANGED, RenewalReason.KEY_ALGORITHM_CHANGED, RenewalReason.PROFILE_CHANGED);
        assertThat(decision.details()).hasSize(5);
    }

    @Test
    void policyLimitsAreChecked() {
        assertThatThrownBy(() -> new RenewalPolicy(Duration.ZERO, 0.3)).hasMessageContaining("renewBefore must be positive");
        assertThatThrownBy(() -> new RenewalPolicy(Duration.ofDays(1), 1.0)).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> new RenewalPolicy(Duration.ofDays(1), Double.NaN)).hasMessageContaining("between 0 and 1");
    }

    private static Reissue reissue(RenewalDecision decision) {
        assertThat(decision).isInstanceOf(Reissue.class);
        return (Reissue) decision;
    }
}
