package io.vpngw.gateway.ike.proposal;

import io.vpngw.gateway.crypto.DiffieHellmanGroup;
import io.vpngw.gateway.crypto.EncryptionTransform;
import io.vpngw.gateway.crypto.IntegrityAlgorithm;
import io.vpngw.gateway.crypto.PrfAlgorithm;
import io.vpngw.gateway.ike.message.Octets;
import io.vpngw.gateway.ike.message.Proposal;
import io.vpngw.gateway.ike.message.ProtocolId;
import io.vpngw.gateway.ike.message.Transform;
import io.vpngw.gateway.ike.message.TransformType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One proposal as this gateway offers or accepts it: for each transform type, the transforms
 * allowed, most preferred first. Any combination of one transform per type is acceptable, which is
 * what a proposal means on the wire (RFC 7296 §3.3).
 *
 * @param protocol   IKE or ESP
 * @param transforms per transform type, the allowed transforms in order of preference
 */
public record ProposalSpec(ProtocolId protocol, Map<TransformType, List<Transform>> transforms) {

    /** Transform ID 0 of the ESN type: no extended sequence numbers. */
    public static final int NO_ESN = 0;

    public ProposalSpec {
        Objects.requireNonNull(protocol, "protocol");
        Map<TransformType, List<Transform>> ordered = new TreeMap<>(Comparator.comparingInt(TransformType::code));
        transforms.forEach((type, list) -> {
            if (list.isEmpty()) {
                throw new IllegalArgumentException("no transforms of type " + type);
            }
            for (Transform transform : list) {
                if (!transform.type().equals(type)) {
                    throw new IllegalArgumentException(transform + " listed under " + type);
                }
            }
            ordered.put(type, List.copyOf(list));
        });
        transforms = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ordered));
    }

    /** An IKE SA proposal; {@code integrities} must be empty exactly when the ciphers are AEAD. */
    public static ProposalSpec ike(List<EncryptionTransform> encryptions, List<PrfAlgorithm> prfs,
                                   List<IntegrityAlgorithm> integrities, List<DiffieHellmanGroup> groups) {
        checkAeadShape(encryptions, integrities);
        Map<TransformType, List<Transform>> map = new LinkedHashMap<>();
        map.put(TransformType.ENCR, encryptions.stream().map(ProposalSpec::encryption).toList());
        map.put(TransformType.PRF, prfs.stream().map(p -> Transform.of(TransformType.PRF, p.id())).toList());
        if (!integrities.isEmpty()) {
            map.put(TransformType.INTEG, integrities.stream().map(i -> Transform.of(TransformType.INTEG, i.id())).toList());
        }
        map.put(TransformType.KE, groups.stream().map(g -> Transform.of(TransformType.KE, g.id())).toList());
        return new ProposalSpec(ProtocolId.IKE, map);
    }

    /** An ESP proposal without extended sequence numbers; {@code pfsGroups} empty for no PFS. */
    public static ProposalSpec esp(List<EncryptionTransform> encryptions, List<IntegrityAlgorithm> integrities,
                                   List<DiffieHellmanGroup> pfsGroups) {
        checkAeadShape(encryptions, integrities);
        Map<TransformType, List<Transform>> map = new LinkedHashMap<>();
        map.put(TransformType.ENCR, encryptions.stream().map(ProposalSpec::encryption).toList());
        if (!integrities.isEmpty()) {
            map.put(TransformType.INTEG, integrities.stream().map(i -> Transform.of(TransformType.INTEG, i.id())).toList());
        }
        if (!pfsGroups.isEmpty()) {
            map.put(TransformType.KE, pfsGroups.stream().map(g -> Transform.of(TransformType.KE, g.id())).toList());
        }
        map.put(TransformType.ESN, List.of(Transform.of(TransformType.ESN, NO_ESN)));
        return new ProposalSpec(ProtocolId.ESP, map);
    }

    /** The wire form of an encryption transform, with Key Length where the algorithm needs one. */
    public static Transform encryption(EncryptionTransform transform) {
        int id = transform.algorithm().id();
        return transform.algorithm().requiresKeyLengthAttribute()
                ? Transform.withKeyLength(TransformType.ENCR, id, transform.keyBits())
                : Transform.of(TransformType.ENCR, id);
    }

    /** This proposal without a key exchange: ESP proposals carried in IKE_AUTH (RFC 7296 §1.2). */
    public ProposalSpec withoutKeyExchange() {
        Map<TransformType, List<Transform>> map = new LinkedHashMap<>(transforms);
        map.remove(TransformType.KE);
        return new ProposalSpec(protocol, map);
    }

    /** The key exchange methods allowed, preferred first; empty when the proposal has none. */
    public List<Integer> keyExchangeGroups() {
        return transforms.getOrDefault(TransformType.KE, List.of()).stream().map(Transform::id).toList();
    }

    /** Encodes this proposal as it is offered, numbered {@code number} and carrying {@code spi}. */
    public Proposal toProposal(int number, Octets spi) {
        List<Transform> all = new ArrayList<>();
        transforms.values().forEach(all::addAll);
        return new Proposal(number, protocol, spi, all);
    }

    /** Numbers the proposals from 1, all with the same SPI, as an SA payload carries them. */
    public static List<Proposal> toProposals(List<ProposalSpec> specs, Octets spi) {
        List<Proposal> proposals = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            proposals.add(specs.get(i).toProposal(i + 1, spi));
        }
        return List.copyOf(proposals);
    }

    private static void checkAeadShape(List<EncryptionTransform> encryptions, List<IntegrityAlgorithm> integrities) {
        if (encryptions.isEmpty()) {
            throw new IllegalArgumentException("a proposal needs an encryption algorithm");
        }
        boolean aead = encryptions.getFirst().algorithm().isAead();
        if (encryptions.stream().anyMatch(e -> e.algorithm().isAead() != aead)) {
            throw new IllegalArgumentException("AEAD and non-AEAD ciphers cannot share a proposal (RFC 7296 §3.3)");
        }
        if (aead != integrities.isEmpty()) {
            throw new IllegalArgumentException(aead
                    ? "an AEAD cipher takes no integrity algorithm"
                    : "a non-AEAD cipher needs an integrity algorithm");
        }
    }
}
