package io.vpngw.gateway.ike.message;

import java.util.Map;

/** What a Configuration payload is: request, reply, set or acknowledgement (RFC 7296 §3.15). */
public record ConfigType(int code) implements RegistryCode {

    public static final ConfigType CFG_REQUEST = new ConfigType(1);
    public static final ConfigType CFG_REPLY = new ConfigType(2);
    public static final ConfigType CFG_SET = new ConfigType(3);
    public static final ConfigType CFG_ACK = new ConfigType(4);

    private static final CodeNames NAMES = new CodeNames("ConfigType", Map.ofEntries(
            Map.entry(1, "CFG_REQUEST"),
            Map.entry(2, "CFG_REPLY"),
            Map.entry(3, "CFG_SET"),
            Map.entry(4, "CFG_ACK")));

    public ConfigType {
        FieldRange.u8(code, "ConfigType");
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
