package io.vpngw.api.v1alpha1;

/** What a VirtualNetworkGateway terminates: VPN tunnels or an ExpressRoute circuit. */
public enum GatewayType {
    Vpn, ExpressRoute
}
