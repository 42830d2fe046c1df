/**
 * The IKEv2 pseudorandom function and key schedule: prf and prf+ (RFC 7296 §2.13), SKEYSEED and the
 * seven IKE SA keys (§2.14), SKEYSEED of a rekeyed IKE SA (§2.18) and Child SA KEYMAT with or without
 * a fresh Diffie-Hellman exchange (§2.17). Keys come out as {@link io.vpngw.gateway.crypto.SecretBytes}
 * that the caller destroys when the SA goes.
 */
package io.vpngw.gateway.crypto.kdf;
