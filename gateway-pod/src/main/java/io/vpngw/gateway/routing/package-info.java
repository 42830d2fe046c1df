/**
 * Inner IPv4 packets and the tunnels they belong to: which tunnel an outgoing packet takes, and
 * whether an incoming one was entitled to the SA it came through. Nothing here knows about ESP;
 * tunnels are small non-negative ids that {@code io.vpngw.gateway.esp.SaDatabase} uses too.
 *
 * <h2>Where things are</h2>
 * <ul>
 *   <li>{@link io.vpngw.gateway.routing.InnerPacketRouter}: the entry point for a packet from the
 *       TUN; holds the current tables and swaps them atomically.</li>
 *   <li>{@link io.vpngw.gateway.routing.RouteTable}: longest-prefix match for RouteBased
 *       connections (peer address spaces, routingWeight for ties).</li>
 *   <li>{@link io.vpngw.gateway.routing.SelectorTable}: traffic selector pairs for PolicyBased
 *       connections and usePolicyBasedTrafficSelectors.</li>
 *   <li>{@link io.vpngw.gateway.routing.SaSelectors}: what one SA was negotiated for, checked on
 *       every decrypted packet (RFC 4301 §5.2).</li>
 *   <li>{@link io.vpngw.gateway.routing.Ipv4Packet}, {@link io.vpngw.gateway.routing.TcpMssClamp},
 *       {@link io.vpngw.gateway.routing.InternetChecksum}: reading and adjusting packets in place.</li>
 * </ul>
 *
 * <h2>Rules of the package</h2>
 * Tables are immutable once built, so packet threads read them without locks; every per-packet
 * method works on a {@code byte[]} with an offset and allocates nothing. IPv4 only for now: an
 * IPv6 packet is {@link io.vpngw.gateway.routing.InnerPacketRouter#NOT_ROUTABLE} and no SA's
 * selectors admit it.
 */
package io.vpngw.gateway.routing;
