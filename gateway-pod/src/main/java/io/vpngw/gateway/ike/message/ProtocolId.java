package io.vpngw.gateway.ike.message;

import java.util.Map;

/**
 * Security protocol identifiers used by proposals, Notify and Delete payloads (RFC 7296 §3.3.1);
 * {@link #NONE} is what a Notify carries when it concerns no particular SA.
 */
public record ProtocolId(int code) implements RegistryCode {

    public static final ProtocolId NONE = new ProtocolId(0);
    public static final ProtocolId IKE = new ProtocolId(1);
    public static final ProtocolId AH = new ProtocolId(2);
    public static final ProtocolId ESP = new ProtocolId(3);

    private static final CodeNames NAMES = new CodeNames("ProtocolId", Map.ofEntries(
            Map.entry(0, "NONE"),
            Map.entry(1, "IKE"),
            Map.entry(2, "AH"),
            Map.entry(3, "ESP")));

    public ProtocolId {
        FieldRange.u8(code, "ProtocolId");
    }

    @Override
    public CodeNames names() {
        return NAMES;
    }

    @Override
    public String toString() {
        return NAMES.describe(code);
    }
}
