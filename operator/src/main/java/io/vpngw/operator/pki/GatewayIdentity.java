package io.vpngw.operator.pki;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;

/**
 * The identity of one VirtualNetworkGateway: the key and certificate it authenticates with in IKE
 * and presents as a TLS server.
 *
 * <p>The subject is {@code CN=<name>, OU=<namespace>, O=vpngw}, a distinguished name an IPsec
 * peer can match on (strongSwan's {@code leftid="CN=gw1, OU=prod, O=vpngw"}); the names the
 * gateway is reached by go in subjectAltName for peers that identify it by FQDN or address.
 * Extended key usage is serverAuth and id-kp-ipsecIKE.
 *
 * @param namespace the gateway's Kubernetes namespace
 * @param name the gateway's name
 * @param alternativeNames the gateway's public DNS names and addresses; may be empty until the Service has an address
 * @param keyAlgorithm the key type
 * @param lifetime how long each certificate is valid
 */
public record GatewayIdentity(
        String namespace,
        String name,
        SubjectAlternativeNames alternativeNames,
        KeyAlgorithm keyAlgorithm,
        Duration lifetime) {

    public static final Duration DEFAULT_LIFETIME = Duration.ofDays(730);

    public GatewayIdentity {
        DistinguishedNames.requireText(namespace, "namespace");
        DistinguishedNames.requireText(name, "gateway name");
        Objects.requireNonNull(alternativeNames, "alternativeNames");
        Objects.requireNonNull(keyAlgorithm, "keyAlgorithm");
        Objects.requireNonNull(lifetime, "lifetime");
    }

    /** With the default key type (ECDSA P-256) and lifetime (two years). */
    public static GatewayIdentity of(String namespace, String name, SubjectAlternativeNames alternativeNames) {
        return new GatewayIdentity(namespace, name, alternativeNames, KeyAlgorithm.defaultAlgorithm(), DEFAULT_LIFETIME);
    }

    public GatewayIdentity withKeyAlgorithm(KeyAlgorithm algorithm) {
        return new GatewayIdentity(namespace, name, alternativeNames, algorithm, lifetime);
    }

    public GatewayIdentity withLifetime(Duration newLifetime) {
        return new GatewayIdentity(namespace, name, alternativeNames, keyAlgorithm, newLifetime);
    }

    public GatewayIdentity withAlternativeNames(SubjectAlternativeNames names) {
        return new GatewayIdentity(namespace, name, names, keyAlgorithm, lifetime);
    }

    /** {@code CN=<name>, OU=<namespace>, O=vpngw}. */
    public static X500Principal subjectFor(String namespace, String name) {
        return DistinguishedNames.withinOrganization(name, namespace);
    }

    public X500Principal subject() {
        return subjectFor(namespace, name);
    }

    public CertificateTemplate template() {
        return new CertificateTemplate(subject(), CertificateProfile.GATEWAY_IDENTITY, alternativeNames, lifetime);
    }

    /** A new key and a certificate for it signed by itself, for peers that pin the gateway's certificate. */
    public CertifiedKey issueSelfSigned(CertificateIssuer issuer) {
        return issuer.selfSign(template(), keyAlgorithm);
    }

    /** A new key and a certificate for it signed by {@code authority}, for peers that trust that CA. */
    public CertifiedKey issueSignedBy(CertifiedKey authority, CertificateIssuer issuer) {
        return issuer.issue(template(), keyAlgorithm, authority);
    }

    public DesiredCertificate desiredSelfSigned() {
        return DesiredCertificate.selfSigned(template(), keyAlgorithm);
    }

    public DesiredCertificate desiredSignedBy(X509Certificate authority) {
        return DesiredCertificate.issuedBy(authority, template(), keyAlgorithm);
    }
}
