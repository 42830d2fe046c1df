/**
 * Ephemeral Diffie-Hellman for the KE payload: MODP groups 2, 14 and 24, NIST curves P-256 and P-384
 * (groups 19, 20) and X25519 (group 31), on the JDK's providers. A peer's public value is validated
 * before use as RFC 7296 §5.12 and RFC 6989 require, and a bad one is a checked
 * {@link io.vpngw.gateway.crypto.dh.InvalidPeerPublicValueException}.
 */
package io.vpngw.gateway.crypto.dh;
