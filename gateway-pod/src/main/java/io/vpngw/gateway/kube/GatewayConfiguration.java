package io.vpngw.gateway.kube;

import io.vpngw.gateway.config.GatewayConfig;
import java.util.Map;

/**
 * What the gateway runs from in Kubernetes: the configuration document of its ConfigMap and the
 * pre-shared keys of its Secret ({@code psk.<connection>} to the key, decoded).
 */
public record GatewayConfiguration(GatewayConfig config, Map<String, String> presharedKeys) {
    public GatewayConfiguration {
        presharedKeys = Map.copyOf(presharedKeys);
    }

    /** Never prints the keys, only their names. */
    @Override
    public String toString() {
        return "GatewayConfiguration[" + config.gateway() + " generation " + config.generation()
                + ", keys " + presharedKeys.keySet().stream().sorted().toList() + "]";
    }
}
