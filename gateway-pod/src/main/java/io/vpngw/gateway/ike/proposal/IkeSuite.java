package io.vpngw.gateway.ike.proposal;

import io.vpngw.gateway.crypto.DiffieHellmanGroup;
import io.vpngw.gateway.crypto.EncryptionAlgorithm;
import io.vpngw.gateway.crypto.EncryptionTransform;
import io.vpngw.gateway.crypto.IntegrityAlgorithm;
import io.vpngw.gateway.crypto.PrfAlgorithm;
import io.vpngw.gateway.crypto.ProtectionSuite;
import io.vpngw.gateway.ike.message.Proposal;
import io.vpngw.gateway.ike.message.ProtocolId;
import io.vpngw.gateway.ike.message.Transform;
import io.vpngw.gateway.ike.message.TransformType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The algorithms an IKE SA negotiated.
 *
 * @param protection encryption, and integrity unless AEAD
 * @param prf        the pseudorandom function
 * @param group      the Diffie-Hellman group
 */
public record IkeSuite(ProtectionSuite protection, PrfAlgorithm prf, DiffieHellmanGroup group) {

    public IkeSuite {
        Objects.requireNonNull(protection, "protection");
        Objects.requireNonNull(prf, "prf");
        Objects.requireNonNull(group, "group");
    }

    /** Reads a chosen IKE proposal (one transform per type); empty if it names anything we lack. */
    public static Optional<IkeSuite> from(Proposal chosen) {
        if (!chosen.protocol().equals(ProtocolId.IKE)) {
            return Optional.empty();
        }
        Optional<PrfAlgorithm> prf = single(chosen, TransformType.PRF).flatMap(t -> PrfAlgorithm.fromId(t.id()));
        Optional<DiffieHellmanGroup> group = single(chosen, TransformType.KE).flatMap(t -> DiffieHellmanGroup.fromId(t.id()));
        Optional<ProtectionSuite> protection = protection(chosen);
        if (prf.isEmpty() || group.isEmpty() || protection.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new IkeSuite(protection.get(), prf.get(), group.get()));
    }

    /** Encryption and integrity of a chosen proposal, checking the AEAD shape (RFC 7296 §3.3). */
    static Optional<ProtectionSuite> protection(Proposal chosen) {
        Optional<EncryptionTransform> encryption = single(chosen, TransformType.ENCR).flatMap(IkeSuite::encryption);
        if (encryption.isEmpty()) {
            return Optional.empty();
        }
        List<Transform> integrity = chosen.transforms(TransformType.INTEG).stream().filter(t -> t.id() != 0).toList();
        if (encryption.get().algorithm().isAead()) {
            return integrity.isEmpty() ? Optional.of(new ProtectionSuite.Aead(encryption.get())) : Optional.empty();
        }
        if (integrity.size() != 1) {
            return Optional.empty();
        }
        return IntegrityAlgorithm.fromId(integrity.getFirst().id())
                .map(i -> new ProtectionSuite.EncryptThenMac(encryption.get(), i));
    }

    static Optional<Transform> single(Proposal chosen, TransformType type) {
        List<Transform> all = chosen.transforms(type);
        return all.size() == 1 ? Optional.of(all.getFirst()) : Optional.empty();
    }

    /** The encryption transform of a wire transform, with the key size its attribute or algorithm fixes. */
    static Optional<EncryptionTransform> encryption(Transform transform) {
        Optional<EncryptionAlgorithm> algorithm = EncryptionAlgorithm.fromId(transform.id());
        if (algorithm.isEmpty()) {
            return Optional.empty();
        }
        EncryptionAlgorithm a = algorithm.get();
        if (a.requiresKeyLengthAttribute()) {
            return transform.keyLength().isPresent()
                    ? EncryptionTransform.of(a, transform.keyLength().getAsInt())
                    : Optional.empty();
        }
        if (transform.keyLength().isPresent()) {
            return Optional.empty(); // RFC 7296 §3.3.5: no Key Length for fixed-size ciphers
        }
        return EncryptionTransform.of(a, a.keySizesBits().getFirst());
    }
}
