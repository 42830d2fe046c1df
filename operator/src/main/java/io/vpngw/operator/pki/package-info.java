/**
 * The certificates and keys the operator issues and checks.
 *
 * <p>Each VirtualNetworkGateway gets an identity ({@link io.vpngw.operator.pki.GatewayIdentity}) used for
 * certificate-based IKE and as a TLS server certificate, and, with point-to-site, a CA
 * ({@link io.vpngw.operator.pki.PointToSiteCa}) that issues the SSTP server certificate and client
 * certificates. {@link io.vpngw.operator.pki.RenewalPolicy} keeps those stable across reconciles and
 * says when one must be reissued; {@link io.vpngw.operator.pki.ClientCertificateValidator} checks client
 * chains the way Azure does, against {@code vpnClientRootCertificates} and
 * {@code vpnClientRevokedCertificates}.
 *
 * <p>Time and randomness come from a {@link io.vpngw.operator.pki.CertificateIssuer} so tests can fix
 * them. Signing, key generation and parsing use the JDK's providers; Bouncy Castle is used for
 * ASN.1 and certificate and PKCS#12 structure only, never registered as a provider, so nothing here
 * depends on a signed provider jar or on global security state.
 */
package io.vpngw.operator.pki;
