/**
 * The IKEv2 message codec (RFC 7296 §3, RFC 7383 fragments, RFC 3948 port 4500 framing): turns
 * datagrams into immutable records and back, and nothing else. No cryptography happens here;
 * SK and SKF payloads are carried as opaque bodies for the crypto package to open.
 *
 * <h2>Receiving</h2>
 * <ol>
 *   <li>On port 4500, {@link io.vpngw.gateway.ike.message.Port4500Datagram#classify} tells IKE
 *       (behind the non-ESP marker) from ESP and NAT keepalives.</li>
 *   <li>{@link io.vpngw.gateway.ike.message.IkeHeader#peek} reads the 28-octet header alone: SPIs
 *       to find the IKE SA, message ID to spot retransmissions, major version to answer
 *       INVALID_MAJOR_VERSION.</li>
 *   <li>{@link io.vpngw.gateway.ike.message.IkeMessage#parse} reads the whole message into an
 *       {@link io.vpngw.gateway.ike.message.IkeMessage}; an SK payload stays encrypted.</li>
 *   <li>Once the crypto package has decrypted SK (or joined decrypted SKF fragments),
 *       {@link io.vpngw.gateway.ike.message.EncryptedPayload#parseInner} or
 *       {@link io.vpngw.gateway.ike.message.PayloadChain#parse} reads the inner payloads.</li>
 * </ol>
 * Parsing never throws for any content of the input: it returns a
 * {@link io.vpngw.gateway.ike.message.ParseResult} that is either {@code Parsed} or
 * {@code Malformed} with a reason. Every length and count from the wire is checked against the
 * octets that remain before anything is read or allocated, so work and memory stay proportional
 * to the datagram. Nesting is fixed by the format (SA, proposal, transform, attribute) and an
 * encrypted payload inside decrypted content is refused, so there is no recursion to exploit.
 * A payload of unknown type is kept as {@link io.vpngw.gateway.ike.message.UnknownPayload};
 * {@link io.vpngw.gateway.ike.message.PayloadChain#unsupportedCriticalPayload} tells the caller
 * when the peer marked one critical and the message must be refused (§2.5).
 *
 * <h2>Sending</h2>
 * Build payload records, put them in an {@link io.vpngw.gateway.ike.message.IkeMessage} with an
 * {@link io.vpngw.gateway.ike.message.IkeHeader#of header}, and {@code encode()} it; Next Payload
 * and length fields are derived. For an SK payload, encode the inner
 * {@link io.vpngw.gateway.ike.message.PayloadChain} to get the plaintext to encrypt and its
 * {@code firstType()} for the SK header.
 *
 * <h2>Values</h2>
 * Records are immutable: opaque fields are {@link io.vpngw.gateway.ike.message.Octets}, lists are
 * unmodifiable copies, and registry codes (payload, notify, transform types ...) are small records
 * that keep unknown codes. Constructors refuse what could not be encoded, so {@code
 * parse(encode(m))} equals {@code m} for every message that can be built. Fields that RFC 7296
 * reserves are sent as zero and ignored on receipt, as is the critical bit of payloads this codec
 * understands.
 */
package io.vpngw.gateway.ike.message;
