package io.vpngw.gateway.ike.message;

/**
 * One IKE payload (RFC 7296 §3.2–3.16, RFC 7383 §2.5). Each kind is an immutable record holding
 * the payload's fields without the generic payload header: next payload and length are derived
 * when a {@link PayloadChain} is encoded, and the critical bit matters only for payloads this codec
 * does not understand ({@link UnknownPayload}); for all others it is sent as zero and ignored on
 * receipt, as §3.2 requires.
 */
public sealed interface Payload
        permits SecurityAssociationPayload,
                KeyExchangePayload,
                IdentificationPayload,
                CertificatePayload,
                CertificateRequestPayload,
                AuthenticationPayload,
                NoncePayload,
                NotifyPayload,
                DeletePayload,
                VendorIdPayload,
                TrafficSelectorPayload,
                EncryptedPayload,
                EncryptedFragmentPayload,
                ConfigurationPayload,
                EapPayload,
                UnknownPayload {

    /** Octets in the generic payload header that precedes every payload body. */
    int GENERIC_HEADER_SIZE = 4;
    /** The largest body a 16-bit payload length can describe. */
    int MAX_BODY_SIZE = 0xFFFF - GENERIC_HEADER_SIZE;

    /** The payload type code this payload travels under. */
    PayloadType type();

    /**
     * This payload alone with its generic header, Next Payload set to none (or, for SK and SKF, to
     * the first inner payload).
     */
    default byte[] encode() {
        return PayloadChain.of(this).encode();
    }
}
