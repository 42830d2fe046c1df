package io.vpngw.gateway.kube;

import io.vpngw.gateway.config.GatewayConfig;
import java.util.Map;

/**
 * What the gateway runs from in Kubernetes: the configuration document of its ConfigMap, the
 * pre-shared keys of its Secret ({@code psk.<connection>} to the key, decoded) and the SSTP
 * server's certificate and key ({@code p2s-server.crt}, {@code p2s-server.key}) when it has them.
 */
public record GatewayConfiguration(GatewayConfig config, Map<String, String> presharedKeys, Map<String, String> pointToSiteKeys) {
    public GatewayConfiguration {
        presharedKeys = Map.copyOf(presharedKeys);
        pointToSiteKeys = Map.copyOf(pointToSiteKeys);
    }

    public GatewayConfiguration(GatewayConfig config, Map<String, String> presharedKeys) {
        this(config, presharedKeys, Map.of());
    }

    /** Never prints the keys, only their names. */
    @Override
    public String toString() {
        return "GatewayConfiguration[" + config.gateway() + " generation " + config.generation()
                + ", keys " + presharedKeys.keySet().stream().sorted().toList()
                + (pointToSiteKeys.isEmpty() ? "" : ", " + pointToSiteKeys.keySet().stream().sorted().toList()) + "]";
    }
}
