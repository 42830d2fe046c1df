package io.vpngw.gateway.ike.roadwarrior;

import io.vpngw.gateway.ike.message.ConfigAttributeType;
import io.vpngw.gateway.ike.message.ConfigType;
import io.vpngw.gateway.ike.message.ConfigurationAttribute;
import io.vpngw.gateway.ike.message.ConfigurationPayload;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;

/**
 * The configuration payload exchange of a road-warrior client (RFC 7296 §2.19, §3.15): the client's
 * CFG_REQUEST in IKE_AUTH asks for INTERNAL_IP4_ADDRESS (empty, or with an address it would like,
 * which we do not honour: addresses come from the pool), and our CFG_REPLY carries the address and
 * the DNS servers when any are configured. IPv6 and other attributes are not answered, which
 * §3.15.1 allows.
 */
public final class VirtualAddressConfiguration {

    private VirtualAddressConfiguration() {
    }

    /** Whether {@code cp} is a CFG_REQUEST asking for an IPv4 address. */
    public static boolean requestsIpv4Address(ConfigurationPayload cp) {
        return cp.configType().equals(ConfigType.CFG_REQUEST)
                && cp.firstAttribute(ConfigAttributeType.INTERNAL_IP4_ADDRESS).isPresent();
    }

    /**
     * The CFG_REPLY to a request: the assigned address, then each DNS server.
     *
     * @throws IllegalArgumentException when {@code request} does not ask for an IPv4 address
     */
    public static ConfigurationPayload reply(ConfigurationPayload request, Inet4Address assigned, List<Inet4Address> dns) {
        if (!requestsIpv4Address(request)) {
            throw new IllegalArgumentException("not a CFG_REQUEST for INTERNAL_IP4_ADDRESS: " + request);
        }
        List<ConfigurationAttribute> attributes = new ArrayList<>();
        attributes.add(ConfigurationAttribute.ipv4(ConfigAttributeType.INTERNAL_IP4_ADDRESS, assigned));
        for (Inet4Address server : dns) {
            attributes.add(ConfigurationAttribute.ipv4(ConfigAttributeType.INTERNAL_IP4_DNS, server));
        }
        return new ConfigurationPayload(ConfigType.CFG_REPLY, attributes);
    }
}
