package io.vpngw.operator.gateway;

import io.vpngw.api.v1alpha1.VirtualNetworkGateway;
import io.vpngw.operator.pki.CertificateIssuer;
import io.vpngw.operator.pki.CertifiedKey;
import io.vpngw.operator.pki.DesiredCertificate;
import io.vpngw.operator.pki.GatewayIdentity;
import io.vpngw.operator.pki.KeyAlgorithm;
import io.vpngw.operator.pki.PointToSiteCa;
import io.vpngw.operator.pki.RenewalDecision;
import io.vpngw.operator.pki.RenewalPolicy;
import io.vpngw.operator.pki.SubjectAlternativeNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's key material from the operator's PKI: a self-signed identity for the gateway and,
 * with point-to-site, a CA and the SSTP server certificate it signs. What is stored is kept
 * while the renewal policy says so (same names, same issuer, not expiring), so reconciles do
 * not rotate keys; the CA is renewed on its own key so issued client certificates stay valid.
 */
public final class PkiGatewayIdentityIssuer implements GatewayIdentityIssuer {
    private static final Logger LOG = LoggerFactory.getLogger(PkiGatewayIdentityIssuer.class);

    private final CertificateIssuer issuer;
    private final RenewalPolicy policy = RenewalPolicy.defaults();

    public PkiGatewayIdentityIssuer(CertificateIssuer issuer) {
        this.issuer = issuer;
    }

    @Override
    public Map<String, String> identity(VirtualNetworkGateway gw, Map<String, String> existing, List<String> dnsNames, List<String> ipAddresses) {
        String ns = gw.getMetadata().getNamespace();
        String name = gw.getMetadata().getName();
        List<String> names = new ArrayList<>(dnsNames);
        names.addAll(ipAddresses);
        SubjectAlternativeNames sans = SubjectAlternativeNames.parse(names);
        Map<String, String> out = new TreeMap<>();

        GatewayIdentity identity = GatewayIdentity.of(ns, name, sans);
        CertifiedKey gatewayKey = keepOrIssue(stored(existing, IDENTITY_CERT, IDENTITY_KEY), identity.desiredSelfSigned(),
                () -> identity.issueSelfSigned(issuer), ns + "/" + name + " identity");
        out.put(IDENTITY_CERT, gatewayKey.certificateChainPem());
        out.put(IDENTITY_KEY, gatewayKey.privateKeyPem());

        if (gw.getSpec().getVpnClientConfiguration() != null) {
            Optional<CertifiedKey> storedCa = stored(existing, P2S_CA_CERT, P2S_CA_KEY);
            PointToSiteCa ca;
            if (storedCa.isEmpty()) {
                ca = PointToSiteCa.createFor(issuer, ns, name);
            } else {
                RenewalDecision d = policy.decide(storedCa.get().certificate(),
                        PointToSiteCa.desiredFor(ns, name, KeyAlgorithm.defaultAlgorithm()), issuer.clock());
                PointToSiteCa current = new PointToSiteCa(storedCa.get());
                ca = d instanceof RenewalDecision.Keep ? current : current.renew(issuer, PointToSiteCa.DEFAULT_LIFETIME);
            }
            out.put(P2S_CA_CERT, ca.authority().certificateChainPem());
            out.put(P2S_CA_KEY, ca.authority().privateKeyPem());
            CertifiedKey server = keepOrIssue(stored(existing, P2S_SERVER_CERT, P2S_SERVER_KEY),
                    ca.desiredServerCertificate(sans, KeyAlgorithm.defaultAlgorithm()),
                    () -> ca.issueServerCertificate(issuer, sans), ns + "/" + name + " SSTP server certificate");
            out.put(P2S_SERVER_CERT, server.certificateChainPem());
            out.put(P2S_SERVER_KEY, server.privateKeyPem());
        }
        return out;
    }

    private CertifiedKey keepOrIssue(Optional<CertifiedKey> stored, DesiredCertificate desired,
                                     java.util.function.Supplier<CertifiedKey> issue, String what) {
        if (stored.isPresent()) {
            RenewalDecision d = policy.decide(stored.get().certificate(), desired, issuer.clock());
            if (d instanceof RenewalDecision.Keep) {
                return stored.get();
            }
            if (d instanceof RenewalDecision.Reissue r) {
                LOG.info("reissuing {}: {}", what, r.summary());
            }
        }
        return issue.get();
    }

    /** What the Secret holds, if it holds a usable pair; anything unreadable is reissued. */
    private static Optional<CertifiedKey> stored(Map<String, String> existing, String certKey, String keyKey) {
        String cert = existing.get(certKey);
        String key = existing.get(keyKey);
        if (cert == null || key == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(CertifiedKey.fromPem(cert, key));
        } catch (RuntimeException e) {
            LOG.warn("stored {} is unreadable and will be reissued: {}", certKey, e.getMessage());
            return Optional.empty();
        }
    }
}
