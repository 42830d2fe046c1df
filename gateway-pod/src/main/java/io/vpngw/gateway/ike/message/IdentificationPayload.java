package io.vpngw.gateway.ike.message;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * IDi or IDr payload (RFC 7296 §3.5): who the sender claims to be.
 *
 * @param party  whose identity: the initiator's (IDi) or the responder's (IDr)
 * @param idType how {@code data} is to be read
 * @param data   the identity; 4 octets for {@link IdType#IPV4_ADDR}, 16 for
 *               {@link IdType#IPV6_ADDR}, ASCII without terminator for FQDN and RFC822 names
 */
public record IdentificationPayload(Party party, IdType idType, Octets data) implements Payload {

    private static final int FIXED_SIZE = 4;

    public IdentificationPayload {
        Objects.requireNonNull(party, "party");
        Objects.requireNonNull(idType, "idType");
        Objects.requireNonNull(data, "data");
        String problem = addressLengthProblem(idType, data.length());
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        FieldRange.length16(FIXED_SIZE + data.length(), GENERIC_HEADER_SIZE, "ID payload");
    }

    public static IdentificationPayload ofAddress(Party party, InetAddress address) {
        IdType type = address instanceof Inet4Address ? IdType.IPV4_ADDR : IdType.IPV6_ADDR;
        return new IdentificationPayload(party, type, Octets.copyOf(address.getAddress()));
    }

    public static IdentificationPayload ofFqdn(Party party, String fqdn) {
        return new IdentificationPayload(party, IdType.FQDN, ascii(fqdn));
    }

    public static IdentificationPayload ofEmail(Party party, String rfc822Address) {
        return new IdentificationPayload(party, IdType.RFC822_ADDR, ascii(rfc822Address));
    }

    public static IdentificationPayload ofDistinguishedName(Party party, Octets derDn) {
        return new IdentificationPayload(party, IdType.DER_ASN1_DN, derDn);
    }

    public static IdentificationPayload ofKeyId(Party party, Octets keyId) {
        return new IdentificationPayload(party, IdType.KEY_ID, keyId);
    }

    /** The address of an IPv4 or IPv6 identity. */
    public Optional<InetAddress> address() {
        if (idType.equals(IdType.IPV4_ADDR)) {
            return Optional.of(AddressOctets.ipv4(data.toByteArray()));
        }
        if (idType.equals(IdType.IPV6_ADDR)) {
            return Optional.of(AddressOctets.ipv6(data.toByteArray()));
        }
        return Optional.empty();
    }

    /** The name of an FQDN or RFC822 identity, decoded as ISO-8859-1 so that no octet is lost. */
    public Optional<String> name() {
        if (idType.equals(IdType.FQDN) || idType.equals(IdType.RFC822_ADDR)) {
            return Optional.of(new String(data.toByteArray(), StandardCharsets.ISO_8859_1));
        }
        return Optional.empty();
    }

    /**
     * The payload without its generic header (ID type, three reserved octets, data): the IDx'
     * that the AUTH computation of §2.15 runs its PRF over.
     */
    public Octets bodyOctets() {
        byte[] body = new byte[bodyLength()];
        writeBody(new WireWriter(body, 0));
        return Octets.adopt(body);
    }

    @Override
    public PayloadType type() {
        return party == Party.INITIATOR ? PayloadType.IDI : PayloadType.IDR;
    }

    int bodyLength() {
        return FIXED_SIZE + data.length();
    }

    static IdentificationPayload read(Party party, WireReader body) throws MalformedException {
        IdType idType = new IdType(body.u8());
        body.skip(3);
        String problem = addressLengthProblem(idType, body.remaining());
        if (problem != null) {
            throw body.malformed(problem);
        }
        return new IdentificationPayload(party, idType, body.rest());
    }

    void writeBody(WireWriter out) {
        out.u8(idType.code());
        out.zeros(3);
        out.octets(data);
    }

    private static String addressLengthProblem(IdType idType, int length) {
        if (idType.equals(IdType.IPV4_ADDR) && length != 4) {
            return "ID_IPV4_ADDR identity must be 4 octets, is " + length;
        }
        if (idType.equals(IdType.IPV6_ADDR) && length != 16) {
            return "ID_IPV6_ADDR identity must be 16 octets, is " + length;
        }
        return null;
    }

    private static Octets ascii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7F) {
                throw new IllegalArgumentException("identity names travel as ASCII: " + text);
            }
        }
        return Octets.copyOf(text.getBytes(StandardCharsets.US_ASCII));
    }
}
