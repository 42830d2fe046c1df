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
 * them. Signing, key generation, encryption and parsing use the JDK's providers. Bouncy Castle
 * builds the ASN.1, certificate and PKCS#12 structures (and computes the PKCS#12 MAC with its
 * lightweight API); it is never registered as a JCA provider, so nothing here depends on a signed
 * provider jar or on global security state.
 */
package io.vpngw.operator.pki;
