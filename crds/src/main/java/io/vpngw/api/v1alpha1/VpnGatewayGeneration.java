package io.vpngw.api.v1alpha1;

/** Azure's gateway generation; with the SKU it fixes the throughput. */
public enum VpnGatewayGeneration {
    Generation1, Generation2
}
