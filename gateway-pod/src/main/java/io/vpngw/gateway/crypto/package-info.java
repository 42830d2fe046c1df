/**
 * Cryptography of the IKEv2 control plane and the ESP data plane.
 *
 * <p>This package holds what every part shares: the IKEv2 transform identifiers with their sizes
 * ({@link io.vpngw.gateway.crypto.EncryptionAlgorithm}, {@link io.vpngw.gateway.crypto.PrfAlgorithm},
 * {@link io.vpngw.gateway.crypto.IntegrityAlgorithm}, {@link io.vpngw.gateway.crypto.DiffieHellmanGroup}),
 * the negotiated {@link io.vpngw.gateway.crypto.ProtectionSuite}, wipeable key material and the one
 * mapping to JCE algorithm names. The subpackages do the work:
 * <ul>
 *   <li>{@code kdf}: prf, prf+ and the IKEv2 key schedule (RFC 7296 §2.13-2.18);</li>
 *   <li>{@code dh}: the Diffie-Hellman groups with peer-value validation;</li>
 *   <li>{@code ike}: protection of the Encrypted payload;</li>
 *   <li>{@code esp}: in-place ESP packet protection.</li>
 * </ul>
 *
 * <p>All cipher, MAC and key-agreement arithmetic is the JDK's (SunJCE, SunEC), which uses the
 * CPU's AES-NI, CLMUL and SHA instructions; nothing here reimplements a primitive.
 */
package io.vpngw.gateway.crypto;
