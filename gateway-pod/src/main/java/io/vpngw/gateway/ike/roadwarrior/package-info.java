/**
 * IKEv2 point-to-site (road-warrior) pieces the responder uses for clients that authenticate with
 * a certificate and ask for a virtual address: the configuration payload reply (RFC 7296 §2.19,
 * §3.15), the binding of the IDi to the certificate, the CERTREQ for the trusted roots (§3.7),
 * decoding of the CERT payloads (§3.6), and the SKU's session limit.
 */
package io.vpngw.gateway.ike.roadwarrior;
