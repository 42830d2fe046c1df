package io.vpngw.gateway.crypto;

import java.util.Arrays;
import java.util.Optional;

/**
 * IKEv2 Transform Type 4 (Diffie-Hellman group / key exchange method) IDs that this gateway
 * implements, with the sizes of the KE payload data and of the shared secret g^ir.
 */
public enum DiffieHellmanGroup {

    /** RFC 2409 §6.2, the 1024-bit Oakley group 2. Legacy peers only (RFC 8247: SHOULD NOT). */
    MODP_1024(2, Family.MODP, 128, 128),
    /** RFC 3526 §3. */
    MODP_2048(14, Family.MODP, 256, 256),
    /** RFC 5114 §2.3: 2048-bit MODP with a 256-bit prime-order subgroup. */
    MODP_2048_256(24, Family.MODP, 256, 256),
    /** RFC 5903: NIST P-256; KE data is x || y, the shared secret is the x coordinate. */
    ECP_256(19, Family.ECP, 64, 32),
    /** RFC 5903: NIST P-384. */
    ECP_384(20, Family.ECP, 96, 48),
    /** RFC 8031: X25519 with 32-byte little-endian public values. */
    CURVE25519(31, Family.X25519, 32, 32);

    /** The arithmetic a group uses, which decides encoding and peer-value validation. */
    public enum Family {
        MODP,
        ECP,
        X25519
    }

    private final int id;
    private final Family family;
    private final int publicValueLength;
    private final int sharedSecretLength;

    DiffieHellmanGroup(int id, Family family, int publicValueLength, int sharedSecretLength) {
        this.id = id;
        this.family = family;
        this.publicValueLength = publicValueLength;
        this.sharedSecretLength = sharedSecretLength;
    }

    /** The Transform ID on the wire, also carried in the KE payload's group number field. */
    public int id() {
        return id;
    }

    public Family family() {
        return family;
    }

    /** Exact length of the Key Exchange Data in a KE payload, in bytes. */
    public int publicValueLength() {
        return publicValueLength;
    }

    /** Length of g^ir as it enters the key derivation, in bytes. */
    public int sharedSecretLength() {
        return sharedSecretLength;
    }

    /** Looks up a group number received from a peer; empty when this gateway does not implement it. */
    public static Optional<DiffieHellmanGroup> fromId(int id) {
        return Arrays.stream(values()).filter(group -> group.id == id).findFirst();
    }
}
