package io.vpngw.gateway.kube;

/** Told about each new, well-formed configuration; called from one thread, never concurrently. */
@FunctionalInterface
public interface ConfigurationListener {
    void configurationChanged(GatewayConfiguration configuration);
}
