package io.vpngw.gateway.crypto.dh;

import io.vpngw.gateway.crypto.DiffieHellmanGroup;
import io.vpngw.gateway.crypto.SecretBytes;
import java.security.SecureRandom;

/**
 * One side of an ephemeral Diffie-Hellman exchange: a fresh private key whose public value goes in
 * our KE payload, and the computation of g^ir from the peer's KE payload. Use each instance for one
 * exchange only. Thread-safe.
 */
public sealed interface KeyExchange permits ModpKeyExchange, EcpKeyExchange, X25519KeyExchange {

    /** Generates a fresh private key in {@code group}. */
    static KeyExchange generate(DiffieHellmanGroup group, SecureRandom random) {
        return switch (group.family()) {
            case MODP -> ModpKeyExchange.generate(group, random);
            case ECP -> EcpKeyExchange.generate(group, random);
            case X25519 -> X25519KeyExchange.generate(random);
        };
    }

    DiffieHellmanGroup group();

    /**
     * Our Key Exchange Data, encoded as the KE payload carries it: a MODP value as big-endian
     * padded to the prime's length, an ECP point as x || y (RFC 5903 §7), an X25519 value as 32
     * little-endian bytes (RFC 8031 §2).
     */
    byte[] publicValue();

    /**
     * Validates the peer's Key Exchange Data and computes g^ir in the form the key derivation
     * takes: big-endian padded to the modulus for MODP (RFC 7296 §2.14), the x coordinate for ECP
     * (RFC 5903 §7), the 32-byte X25519 output (RFC 8031 §2).
     *
     * @throws InvalidPeerPublicValueException if the peer's value is malformed or unsafe
     */
    SecretBytes sharedSecret(byte[] peerPublicValue) throws InvalidPeerPublicValueException;
}
