package io.vpngw.api.v1alpha1;

/** The kind of tunnel relationship a Connection describes. */
public enum ConnectionType {
    IPsec, Vnet2Vnet, ExpressRoute
}
