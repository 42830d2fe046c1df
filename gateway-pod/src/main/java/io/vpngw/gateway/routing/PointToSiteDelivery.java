package io.vpngw.gateway.routing;

/**
 * Where inner packets for point-to-site clients leave the TUN path: the SSTP server, which hands a
 * packet to the session owning its destination address. Asked before the site-to-site routes;
 * answers false for any destination no connected client owns. Called on the TUN reader thread.
 */
@FunctionalInterface
public interface PointToSiteDelivery {
    boolean deliver(byte[] packet, int offset, int length);
}
