package io.vpngw.gateway.ike.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * CERTREQ payload (RFC 7296 §3.7): which certificate authorities the sender trusts.
 *
 * @param encoding    the certificate encoding asked for
 * @param authorities for X.509, the concatenated SHA-1 hashes of trusted CAs' public keys;
 *                    otherwise opaque. Kept as received: a peer's odd CERTREQ is a hint that can be
 *                    ignored, not a reason to drop its whole message.
 */
public record CertificateRequestPayload(CertificateEncoding encoding, Octets authorities) implements Payload {

    /** Octets in a SHA-1 hash of a CA's subjectPublicKeyInfo. */
    public static final int KEY_HASH_SIZE = 20;

    public CertificateRequestPayload {
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(authorities, "authorities");
        FieldRange.length16(1 + authorities.length(), GENERIC_HEADER_SIZE, "CERTREQ payload");
    }

    public static CertificateRequestPayload x509(List<Octets> caKeyHashes) {
        byte[] joined = new byte[caKeyHashes.size() * KEY_HASH_SIZE];
        for (int i = 0; i < caKeyHashes.size(); i++) {
            Octets hash = caKeyHashes.get(i);
            if (hash.length() != KEY_HASH_SIZE) {
                throw new IllegalArgumentException("CA key hashes are SHA-1, 20 octets: " + hash.length());
            }
            hash.copyTo(joined, i * KEY_HASH_SIZE);
        }
        return new CertificateRequestPayload(CertificateEncoding.X509_SIGNATURE, Octets.adopt(joined));
    }

    /**
     * The CA key hashes of an X.509 request, one per 20 octets; empty for other encodings or when
     * the length is not a multiple of 20, since then the hashes cannot be told apart.
     */
    public List<Octets> caKeyHashes() {
        if (!encoding.equals(CertificateEncoding.X509_SIGNATURE) || authorities.length() % KEY_HASH_SIZE != 0) {
            return List.of();
        }
        List<Octets> hashes = new ArrayList<>();
        for (int at = 0; at < authorities.length(); at += KEY_HASH_SIZE) {
            hashes.add(authorities.slice(at, at + KEY_HASH_SIZE));
        }
        return List.copyOf(hashes);
    }

    @Override
    public PayloadType type() {
        return PayloadType.CERTREQ;
    }

    int bodyLength() {
        return 1 + authorities.length();
    }

    static CertificateRequestPayload read(WireReader body) throws MalformedException {
        int encoding = body.u8();
        return new CertificateRequestPayload(new CertificateEncoding(encoding), body.rest());
    }

    void writeBody(WireWriter out) {
        out.u8(encoding.code());
        out.octets(authorities);
    }
}
