package io.vpngw.gateway.status;

/** Where status and metrics read the data plane from; must be cheap and safe from any thread. */
@FunctionalInterface
public interface TunnelStatusSource {
    DataPlaneSnapshot snapshot();
}
