package io.vpngw.operator;

import io.vpngw.api.v1alpha1.VirtualNetworkGateway;
import io.vpngw.operator.gateway.GatewayIdentityIssuer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Identity entries that name what they were issued for, so tests can see reissues. */
final class FixedIdentityIssuer implements GatewayIdentityIssuer {
    @Override
    public Map<String, String> identity(VirtualNetworkGateway gateway, Map<String, String> existing, List<String> dnsNames, List<String> ipAddresses) {
        Map<String, String> out = new TreeMap<>();
        out.put(IDENTITY_CERT, "cert for " + dnsNames + " " + ipAddresses);
        out.put(IDENTITY_KEY, existing.getOrDefault(IDENTITY_KEY, "key of " + gateway.getMetadata().getName()));
        return out;
    }
}
