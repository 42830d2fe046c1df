package io.vpngw.gateway.ike.proposal;

import static io.vpngw.gateway.crypto.DiffieHellmanGroup.CURVE25519;
import static io.vpngw.gateway.crypto.DiffieHellmanGroup.ECP_256;
import static io.vpngw.gateway.crypto.DiffieHellmanGroup.ECP_384;
import static io.vpngw.gateway.crypto.DiffieHellmanGroup.MODP_1024;
import static io.vpngw.gateway.crypto.DiffieHellmanGroup.MODP_2048;
import static io.vpngw.gateway.crypto.DiffieHellmanGroup.MODP_2048_256;
import static io.vpngw.gateway.crypto.IntegrityAlgorithm.AUTH_HMAC_SHA1_96;
import static io.vpngw.gateway.crypto.IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128;
import static io.vpngw.gateway.crypto.IntegrityAlgorithm.AUTH_HMAC_SHA2_384_192;
import static io.vpngw.gateway.crypto.PrfAlgorithm.PRF_HMAC_SHA1;
import static io.vpngw.gateway.crypto.PrfAlgorithm.PRF_HMAC_SHA2_256;
import static io.vpngw.gateway.crypto.PrfAlgorithm.PRF_HMAC_SHA2_384;

import io.vpngw.gateway.config.ConnectionConfig;
import io.vpngw.gateway.crypto.DiffieHellmanGroup;
import io.vpngw.gateway.crypto.EncryptionTransform;
import io.vpngw.gateway.crypto.IntegrityAlgorithm;
import io.vpngw.gateway.crypto.PrfAlgorithm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a connection offers and accepts: IKE and ESP proposals, PFS and SA lifetimes, either Azure's
 * defaults or exactly a custom IPsec/IKE policy with Azure's value names.
 *
 * @param ikeOffered        IKE SA proposals we send as initiator, preferred first
 * @param ikeAccepted       IKE SA proposals we accept as responder
 * @param espOffered        ESP proposals we send, preferred first (with the PFS group when PFS is on)
 * @param espAccepted       ESP proposals we accept
 * @param pfsGroup          the group of CREATE_CHILD_SA key exchanges, if PFS is on
 * @param ikeLifetime       when an IKE SA is rekeyed
 * @param childLifetime     when a Child SA is rekeyed
 * @param childLifetimeKilobytes traffic after which a Child SA is rekeyed (enforced by the data plane)
 * @param custom            whether this is a custom policy, enforced as responder
 */
public record CryptoPolicy(List<ProposalSpec> ikeOffered, List<ProposalSpec> ikeAccepted,
                           List<ProposalSpec> espOffered, List<ProposalSpec> espAccepted,
                           Optional<DiffieHellmanGroup> pfsGroup, Duration ikeLifetime, Duration childLifetime,
                           long childLifetimeKilobytes, boolean custom) {

    /** Azure's IKE SA lifetime for site-to-site tunnels. */
    public static final Duration AZURE_IKE_LIFETIME = Duration.ofSeconds(28_800);
    /** Azure's default IPsec SA lifetime. */
    public static final Duration AZURE_CHILD_LIFETIME = Duration.ofSeconds(27_000);
    /** Azure's default IPsec SA data size. */
    public static final long AZURE_CHILD_KILOBYTES = 102_400_000L;

    public CryptoPolicy {
        ikeOffered = List.copyOf(ikeOffered);
        ikeAccepted = List.copyOf(ikeAccepted);
        espOffered = List.copyOf(espOffered);
        espAccepted = List.copyOf(espAccepted);
        Objects.requireNonNull(pfsGroup, "pfsGroup");
        Objects.requireNonNull(ikeLifetime, "ikeLifetime");
        Objects.requireNonNull(childLifetime, "childLifetime");
    }

    /** The policy of a connection: its custom policy if it has one, Azure's defaults otherwise. */
    public static CryptoPolicy of(ConnectionConfig connection) {
        return connection.policy() == null ? azureDefaults() : custom(connection.policy());
    }

    /**
     * Azure's defaults: a modern AEAD proposal first, then the CBC suites Azure lists, all with
     * MODP group 2; ESP without PFS. As responder the defaults accept any combination of the
     * algorithms Azure supports, as Azure's gateway does.
     */
    public static CryptoPolicy azureDefaults() {
        List<ProposalSpec> ikeOffered = List.of(
                ProposalSpec.ike(List.of(EncryptionTransform.aesGcm16(256)), List.of(PRF_HMAC_SHA2_256), List.of(),
                        List.of(CURVE25519, ECP_256)),
                cbcIke(EncryptionTransform.aesCbc(256), PRF_HMAC_SHA1, AUTH_HMAC_SHA1_96),
                cbcIke(EncryptionTransform.aesCbc(256), PRF_HMAC_SHA2_256, AUTH_HMAC_SHA2_256_128),
                cbcIke(EncryptionTransform.aesCbc(128), PRF_HMAC_SHA1, AUTH_HMAC_SHA1_96),
                cbcIke(EncryptionTransform.aesCbc(128), PRF_HMAC_SHA2_256, AUTH_HMAC_SHA2_256_128),
                cbcIke(EncryptionTransform.tripleDes(), PRF_HMAC_SHA1, AUTH_HMAC_SHA1_96),
                cbcIke(EncryptionTransform.tripleDes(), PRF_HMAC_SHA2_256, AUTH_HMAC_SHA2_256_128));
        List<DiffieHellmanGroup> allGroups = List.of(CURVE25519, ECP_384, ECP_256, MODP_2048_256, MODP_2048, MODP_1024);
        List<PrfAlgorithm> allPrfs = List.of(PRF_HMAC_SHA2_384, PRF_HMAC_SHA2_256, PRF_HMAC_SHA1);
        List<ProposalSpec> ikeAccepted = List.of(
                ProposalSpec.ike(List.of(EncryptionTransform.aesGcm16(256), EncryptionTransform.aesGcm16(128),
                        EncryptionTransform.chaCha20Poly1305()), allPrfs, List.of(), allGroups),
                ProposalSpec.ike(List.of(EncryptionTransform.aesCbc(256), EncryptionTransform.aesCbc(192),
                        EncryptionTransform.aesCbc(128), EncryptionTransform.tripleDes()), allPrfs,
                        List.of(AUTH_HMAC_SHA2_384_192, AUTH_HMAC_SHA2_256_128, AUTH_HMAC_SHA1_96), allGroups));
        List<ProposalSpec> espOffered = List.of(
                ProposalSpec.esp(List.of(EncryptionTransform.aesGcm16(256)), List.of(), List.of()),
                ProposalSpec.esp(List.of(EncryptionTransform.aesCbc(256)), List.of(AUTH_HMAC_SHA1_96), List.of()),
                ProposalSpec.esp(List.of(EncryptionTransform.tripleDes()), List.of(AUTH_HMAC_SHA1_96), List.of()),
                ProposalSpec.esp(List.of(EncryptionTransform.aesCbc(256)), List.of(AUTH_HMAC_SHA2_256_128), List.of()),
                ProposalSpec.esp(List.of(EncryptionTransform.aesCbc(128)), List.of(AUTH_HMAC_SHA1_96), List.of()),
                ProposalSpec.esp(List.of(EncryptionTransform.tripleDes()), List.of(AUTH_HMAC_SHA2_256_128), List.of()));
        List<ProposalSpec> espAccepted = List.of(
                ProposalSpec.esp(List.of(EncryptionTransform.aesGcm16(256), EncryptionTransform.aesGcm16(192),
                        EncryptionTransform.aesGcm16(128), EncryptionTransform.chaCha20Poly1305()), List.of(), List.of()),
                ProposalSpec.esp(List.of(EncryptionTransform.aesCbc(256), EncryptionTransform.aesCbc(192),
                        EncryptionTransform.aesCbc(128), EncryptionTransform.tripleDes()),
                        List.of(AUTH_HMAC_SHA2_256_128, AUTH_HMAC_SHA1_96), List.of()));
        return new CryptoPolicy(ikeOffered, ikeAccepted, espOffered, espAccepted, Optional.empty(),
                AZURE_IKE_LIFETIME, AZURE_CHILD_LIFETIME, AZURE_CHILD_KILOBYTES, false);
    }

    /**
     * Exactly the custom policy: one IKE and one ESP proposal, offered and accepted alike.
     *
     * @throws IllegalArgumentException for a value name this gateway does not implement (e.g. MD5,
     *                                  DES, DHGroup1) or an inconsistent combination
     */
    public static CryptoPolicy custom(ConnectionConfig.Policy policy) {
        EncryptionTransform ikeEncryption = encryption(policy.ikeEncryption(), "ikeEncryption");
        if (ikeEncryption.algorithm() == io.vpngw.gateway.crypto.EncryptionAlgorithm.ENCR_NULL) {
            throw new IllegalArgumentException("ikeEncryption None is not allowed for IKE");
        }
        String ikeIntegrity = upper(policy.ikeIntegrity());
        PrfAlgorithm prf;
        List<IntegrityAlgorithm> integrity;
        if (ikeEncryption.algorithm().isAead()) {
            integrity = List.of();
            prf = switch (ikeIntegrity) {
                case "GCMAES128", "CHACHA20POLY1305" -> PRF_HMAC_SHA2_256;
                case "GCMAES256", "GCMAES192" -> PRF_HMAC_SHA2_384;
                default -> prfFor(hmac(ikeIntegrity, "ikeIntegrity"));
            };
        } else {
            IntegrityAlgorithm hmac = hmac(ikeIntegrity, "ikeIntegrity");
            integrity = List.of(hmac);
            prf = prfFor(hmac);
        }
        DiffieHellmanGroup dh = ikeGroup(policy.dhGroup());
        ProposalSpec ike = ProposalSpec.ike(List.of(ikeEncryption), List.of(prf), integrity, List.of(dh));

        EncryptionTransform espEncryption = encryption(policy.ipsecEncryption(), "ipsecEncryption");
        List<IntegrityAlgorithm> espIntegrity = espEncryption.algorithm().isAead()
                ? List.of()
                : List.of(hmac(upper(policy.ipsecIntegrity()), "ipsecIntegrity"));
        Optional<DiffieHellmanGroup> pfs = pfsGroup(policy.pfsGroup(), dh);
        ProposalSpec esp = ProposalSpec.esp(List.of(espEncryption), espIntegrity, pfs.stream().toList());
        Duration childLifetime = policy.saLifeTimeSeconds() > 0
                ? Duration.ofSeconds(policy.saLifeTimeSeconds()) : AZURE_CHILD_LIFETIME;
        long kilobytes = policy.saDataSizeKilobytes() > 0 ? policy.saDataSizeKilobytes() : AZURE_CHILD_KILOBYTES;
        return new CryptoPolicy(List.of(ike), List.of(ike), List.of(esp), List.of(esp), pfs,
                AZURE_IKE_LIFETIME, childLifetime, kilobytes, true);
    }

    private static ProposalSpec cbcIke(EncryptionTransform encryption, PrfAlgorithm prf, IntegrityAlgorithm integrity) {
        return ProposalSpec.ike(List.of(encryption), List.of(prf), List.of(integrity), List.of(MODP_1024));
    }

    private static EncryptionTransform encryption(String name, String field) {
        return switch (upper(name)) {
            case "GCMAES256" -> EncryptionTransform.aesGcm16(256);
            case "GCMAES192" -> EncryptionTransform.aesGcm16(192);
            case "GCMAES128" -> EncryptionTransform.aesGcm16(128);
            case "AES256" -> EncryptionTransform.aesCbc(256);
            case "AES192" -> EncryptionTransform.aesCbc(192);
            case "AES128" -> EncryptionTransform.aesCbc(128);
            case "DES3" -> EncryptionTransform.tripleDes();
            case "CHACHA20POLY1305" -> EncryptionTransform.chaCha20Poly1305();
            case "NONE" -> EncryptionTransform.nullEncryption();
            default -> throw unsupported(field, name);
        };
    }

    private static IntegrityAlgorithm hmac(String name, String field) {
        return switch (name) {
            case "SHA1" -> AUTH_HMAC_SHA1_96;
            case "SHA256" -> AUTH_HMAC_SHA2_256_128;
            case "SHA384" -> AUTH_HMAC_SHA2_384_192;
            default -> throw unsupported(field, name);
        };
    }

    private static PrfAlgorithm prfFor(IntegrityAlgorithm hmac) {
        return switch (hmac) {
            case AUTH_HMAC_SHA1_96 -> PRF_HMAC_SHA1;
            case AUTH_HMAC_SHA2_256_128 -> PRF_HMAC_SHA2_256;
            case AUTH_HMAC_SHA2_384_192 -> PRF_HMAC_SHA2_384;
            case AUTH_HMAC_SHA2_512_256 -> PrfAlgorithm.PRF_HMAC_SHA2_512;
        };
    }

    private static DiffieHellmanGroup ikeGroup(String name) {
        return switch (upper(name)) {
            case "DHGROUP2" -> MODP_1024;
            case "DHGROUP14", "DHGROUP2048" -> MODP_2048;
            case "DHGROUP24" -> MODP_2048_256;
            case "ECP256" -> ECP_256;
            case "ECP384" -> ECP_384;
            case "X25519" -> CURVE25519;
            default -> throw unsupported("dhGroup", name);
        };
    }

    private static Optional<DiffieHellmanGroup> pfsGroup(String name, DiffieHellmanGroup ikeGroup) {
        return switch (upper(name)) {
            case "NONE", "" -> Optional.empty();
            case "PFS2" -> Optional.of(MODP_1024);
            case "PFS14", "PFS2048" -> Optional.of(MODP_2048);
            case "PFS24" -> Optional.of(MODP_2048_256);
            case "ECP256" -> Optional.of(ECP_256);
            case "ECP384" -> Optional.of(ECP_384);
            case "X25519" -> Optional.of(CURVE25519);
            case "PFSMM" -> Optional.of(ikeGroup);
            default -> throw unsupported("pfsGroup", name);
        };
    }

    private static String upper(String name) {
        return name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
    }

    private static IllegalArgumentException unsupported(String field, String value) {
        return new IllegalArgumentException(field + " " + value + " is not supported by this gateway");
    }

    /** All proposals of a list with their key exchange removed, for ESP proposals in IKE_AUTH. */
    public static List<ProposalSpec> withoutKeyExchange(List<ProposalSpec> specs) {
        List<ProposalSpec> stripped = new ArrayList<>();
        specs.forEach(spec -> stripped.add(spec.withoutKeyExchange()));
        return List.copyOf(stripped);
    }
}
