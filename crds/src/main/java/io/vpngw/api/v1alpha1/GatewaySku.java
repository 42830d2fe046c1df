package io.vpngw.api.v1alpha1;

/**
 * Azure's gateway SKUs. With the generation they fix throughput, tunnel and session limits
 * (reference: Azure's SKU table); AZ SKUs spread the two instances across zones.
 */
public enum GatewaySku {
    Basic,
    VpnGw1, VpnGw2, VpnGw3, VpnGw4, VpnGw5,
    VpnGw1AZ, VpnGw2AZ, VpnGw3AZ, VpnGw4AZ, VpnGw5AZ,
    ErGw1AZ, ErGw2AZ, ErGw3AZ;

    /** True for the zone-redundant SKUs, whose instances must run in different zones. */
    public boolean zoneRedundant() {
        return name().endsWith("AZ");
    }

    /** True for ExpressRoute SKUs. */
    public boolean expressRoute() {
        return name().startsWith("ErGw");
    }
}
