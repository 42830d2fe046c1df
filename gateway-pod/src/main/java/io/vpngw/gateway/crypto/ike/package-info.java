/**
 * Protection of the IKEv2 Encrypted (SK) and Encrypted Fragment (SKF) payload bodies: CBC with a
 * truncated HMAC, encrypt-then-MAC (RFC 7296 §3.14), or an AEAD cipher (RFC 5282, RFC 7634 §4).
 * Decryption failures are a typed {@link io.vpngw.gateway.crypto.ike.SkDecryption.Rejected} result;
 * the IKE engine drops such messages without answering.
 */
package io.vpngw.gateway.crypto.ike;
