package io.vpngw.gateway.interop;

import io.vpngw.api.v1alpha1.DhGroup;
import io.vpngw.api.v1alpha1.IkeEncryption;
import io.vpngw.api.v1alpha1.IkeIntegrity;
import io.vpngw.api.v1alpha1.IpsecEncryption;
import io.vpngw.api.v1alpha1.IpsecIntegrity;
import io.vpngw.api.v1alpha1.IpsecPolicy;
import io.vpngw.api.v1alpha1.PfsGroup;

/**
 * Translates a custom IPsec/IKE policy, in Azure's names as our Connection API takes it, into the
 * strongSwan proposals a peer configured to match it would use.
 *
 * <p>Algorithms the API refuses (DES, MD5, DHGroup1, PFS1) are translated too: an interop test may
 * want strongSwan to offer them and watch the gateway decline. Only what cannot be expressed at all
 * is refused: an AEAD cipher paired with a different integrity, or an IKE SA without key exchange.
 *
 * <p>IKEv2 with an AEAD cipher still negotiates a PRF, which Azure's policy does not name; the
 * proposal offers both PRF_HMAC_SHA2_256 and PRF_HMAC_SHA2_384 and leaves the choice to the
 * responder.
 */
public final class AzurePolicyProposals {

    private static final String AEAD_PRFS = "prfsha256-prfsha384";

    private AzurePolicyProposals() {
    }

    /** The IKE and ESP proposal of a strongSwan peer matching {@code policy}. */
    public static StrongSwanProposals forPolicy(IpsecPolicy policy) {
        return forPolicy(policy.getIkeEncryption(), policy.getIkeIntegrity(), policy.getDhGroup(),
                policy.getIpsecEncryption(), policy.getIpsecIntegrity(), policy.getPfsGroup());
    }

    public static StrongSwanProposals forPolicy(IkeEncryption ikeEncryption, IkeIntegrity ikeIntegrity, DhGroup dhGroup,
                                                IpsecEncryption ipsecEncryption, IpsecIntegrity ipsecIntegrity,
                                                PfsGroup pfsGroup) {
        return new StrongSwanProposals(ikeProposal(ikeEncryption, ikeIntegrity, dhGroup),
                espProposal(ipsecEncryption, ipsecIntegrity, pfsGroup, dhGroup));
    }

    /** e.g. GCMAES256/GCMAES256/ECP256 → {@code aes256gcm16-prfsha256-prfsha384-ecp256}. */
    public static String ikeProposal(IkeEncryption encryption, IkeIntegrity integrity, DhGroup dhGroup) {
        String keyExchange = keyExchange(dhGroup);
        String cipher = switch (encryption) {
            case GCMAES256 -> "aes256gcm16";
            case GCMAES128 -> "aes128gcm16";
            case CHACHA20POLY1305 -> "chacha20poly1305";
            case AES256 -> "aes256";
            case AES192 -> "aes192";
            case AES128 -> "aes128";
            case DES3 -> "3des";
            case DES -> "des";
        };
        if (isAead(encryption)) {
            if (!integrity.name().equals(encryption.name())) {
                throw new IllegalArgumentException("ikeEncryption " + encryption + " is an AEAD cipher; ikeIntegrity must be "
                        + encryption + ", not " + integrity);
            }
            return cipher + "-" + AEAD_PRFS + "-" + keyExchange;
        }
        String mac = switch (integrity) {
            case SHA384 -> "sha384";
            case SHA256 -> "sha256";
            case SHA1 -> "sha1";
            case MD5 -> "md5";
            case GCMAES256, GCMAES128, CHACHA20POLY1305 -> throw new IllegalArgumentException(
                    "ikeIntegrity " + integrity + " names an AEAD cipher but ikeEncryption is " + encryption);
        };
        // With an integrity keyword and no prf keyword, strongSwan uses the matching HMAC as PRF.
        return cipher + "-" + mac + "-" + keyExchange;
    }

    /**
     * e.g. AES256/SHA256/PFS14 → {@code aes256-sha256-modp2048}; {@code ikeDhGroup} is used for
     * PFSMM ("the same group as IKE").
     */
    public static String espProposal(IpsecEncryption encryption, IpsecIntegrity integrity, PfsGroup pfsGroup, DhGroup ikeDhGroup) {
        String pfs = switch (pfsGroup) {
            case None -> "";
            case PFS1 -> "-modp768";
            case PFS2 -> "-modp1024";
            case PFS14, PFS2048 -> "-modp2048";
            case PFS24 -> "-modp2048s256";
            case ECP256 -> "-ecp256";
            case ECP384 -> "-ecp384";
            case X25519 -> "-curve25519";
            case PFSMM -> "-" + keyExchange(ikeDhGroup);
        };
        String aead = switch (encryption) {
            case GCMAES256 -> "aes256gcm16";
            case GCMAES192 -> "aes192gcm16";
            case GCMAES128 -> "aes128gcm16";
            case CHACHA20POLY1305 -> "chacha20poly1305";
            default -> null;
        };
        if (aead != null) {
            if (!integrity.name().equals(encryption.name())) {
                throw new IllegalArgumentException("ipsecEncryption " + encryption + " is an AEAD cipher; ipsecIntegrity must be "
                        + encryption + ", not " + integrity);
            }
            return aead + pfs;
        }
        String cipher = switch (encryption) {
            case AES256 -> "aes256";
            case AES192 -> "aes192";
            case AES128 -> "aes128";
            case DES3 -> "3des";
            case DES -> "des";
            case None -> "null";
            default -> throw new IllegalStateException("unhandled " + encryption);
        };
        String mac = switch (integrity) {
            case SHA256 -> "sha256";
            case SHA1 -> "sha1";
            case MD5 -> "md5";
            case GCMAES256, GCMAES192, GCMAES128, CHACHA20POLY1305 -> throw new IllegalArgumentException(
                    "ipsecIntegrity " + integrity + " names an AEAD cipher but ipsecEncryption is " + encryption);
        };
        return cipher + "-" + mac + pfs;
    }

    /** strongSwan's keyword for an IKE Diffie-Hellman group. */
    public static String keyExchange(DhGroup group) {
        return switch (group) {
            case DHGroup1 -> "modp768";
            case DHGroup2 -> "modp1024";
            case DHGroup14, DHGroup2048 -> "modp2048";
            case DHGroup24 -> "modp2048s256";
            case ECP256 -> "ecp256";
            case ECP384 -> "ecp384";
            case X25519 -> "curve25519";
            case None -> throw new IllegalArgumentException("dhGroup None: an IKEv2 SA cannot be set up without a key exchange");
        };
    }

    private static boolean isAead(IkeEncryption encryption) {
        return encryption == IkeEncryption.GCMAES256 || encryption == IkeEncryption.GCMAES128
                || encryption == IkeEncryption.CHACHA20POLY1305;
    }
}
