package io.vpngw.gateway.ike.message;

import java.util.Objects;

/**
 * CERT payload (RFC 7296 §3.6): one certificate or related object.
 *
 * @param encoding what {@code data} is, usually {@link CertificateEncoding#X509_SIGNATURE} (DER)
 * @param data     the certificate data
 */
public record CertificatePayload(CertificateEncoding encoding, Octets data) implements Payload {

    public CertificatePayload {
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(data, "data");
        FieldRange.length16(1 + data.length(), GENERIC_HEADER_SIZE, "CERT payload");
    }

    @Override
    public PayloadType type() {
        return PayloadType.CERT;
    }

    int bodyLength() {
        return 1 + data.length();
    }

    static CertificatePayload read(WireReader body) throws MalformedException {
        int encoding = body.u8();
        return new CertificatePayload(new CertificateEncoding(encoding), body.rest());
    }

    void writeBody(WireWriter out) {
        out.u8(encoding.code());
        out.octets(data);
    }
}
