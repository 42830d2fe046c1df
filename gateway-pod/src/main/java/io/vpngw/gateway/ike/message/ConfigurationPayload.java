package io.vpngw.gateway.ike.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * CP payload (RFC 7296 §3.15): configuration a remote-access client asks for and the gateway
 * hands out, such as an internal address and DNS servers.
 *
 * @param configType request, reply, set or acknowledgement
 * @param attributes in wire order
 */
public record ConfigurationPayload(ConfigType configType, List<ConfigurationAttribute> attributes) implements Payload {

    private static final int FIXED_SIZE = 4;

    public ConfigurationPayload {
        Objects.requireNonNull(configType, "configType");
        attributes = List.copyOf(attributes);
        FieldRange.length16(bodyLength(attributes), GENERIC_HEADER_SIZE, "CP payload");
    }

    public static ConfigurationPayload of(ConfigType configType, ConfigurationAttribute... attributes) {
        return new ConfigurationPayload(configType, List.of(attributes));
    }

    /** The attributes of one type, in wire order. */
    public List<ConfigurationAttribute> attributes(ConfigAttributeType type) {
        return attributes.stream().filter(a -> a.attributeType().equals(type)).toList();
    }

    public Optional<ConfigurationAttribute> firstAttribute(ConfigAttributeType type) {
        return attributes.stream().filter(a -> a.attributeType().equals(type)).findFirst();
    }

    @Override
    public PayloadType type() {
        return PayloadType.CP;
    }

    int bodyLength() {
        return bodyLength(attributes);
    }

    private static int bodyLength(List<ConfigurationAttribute> attributes) {
        int total = FIXED_SIZE;
        for (ConfigurationAttribute attribute : attributes) {
            total += attribute.encodedLength();
            if (total > FieldRange.MAX_U16) {
                break; // already too long; stop before the sum could overflow
            }
        }
        return total;
    }

    static ConfigurationPayload read(WireReader body) throws MalformedException {
        int type = body.u8();
        body.skip(3);
        List<ConfigurationAttribute> attributes = new ArrayList<>();
        while (body.hasRemaining()) {
            attributes.add(ConfigurationAttribute.read(body));
        }
        return new ConfigurationPayload(new ConfigType(type), attributes);
    }

    void writeBody(WireWriter out) {
        out.u8(configType.code());
        out.zeros(3);
        for (ConfigurationAttribute attribute : attributes) {
            attribute.write(out);
        }
    }
}
