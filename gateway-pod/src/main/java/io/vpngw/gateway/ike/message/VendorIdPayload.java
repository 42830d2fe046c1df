package io.vpngw.gateway.ike.message;

import java.util.Objects;

/**
 * Vendor ID payload (RFC 7296 §3.12): an opaque constant naming an implementation or one of its
 * private extensions.
 *
 * @param vendorId the constant, typically a hash
 */
public record VendorIdPayload(Octets vendorId) implements Payload {

    public VendorIdPayload {
        Objects.requireNonNull(vendorId, "vendorId");
        FieldRange.length16(vendorId.length(), GENERIC_HEADER_SIZE, "Vendor ID payload");
    }

    @Override
    public PayloadType type() {
        return PayloadType.VENDOR_ID;
    }

    int bodyLength() {
        return vendorId.length();
    }

    static VendorIdPayload read(WireReader body) throws MalformedException {
        return new VendorIdPayload(body.rest());
    }

    void writeBody(WireWriter out) {
        out.octets(vendorId);
    }
}
