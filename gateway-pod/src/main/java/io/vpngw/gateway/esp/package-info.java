/**
 * The ESP core that does not depend on the cipher (RFC 4303, RFC 4301): anti-replay, sequence
 * numbers, SA lifetimes and the SA database. Ciphers live in {@code io.vpngw.gateway.crypto};
 * here an SA carries its crypto state as a type parameter and never looks inside it.
 *
 * <h2>Where things are</h2>
 * <ul>
 *   <li>{@link io.vpngw.gateway.esp.EspHeader}: SPI and sequence number from the wire.</li>
 *   <li>{@link io.vpngw.gateway.esp.SaDatabase}: inbound SAs by SPI, the outbound SA of each
 *       tunnel, SPI allocation, rekey overlap, housekeeping.</li>
 *   <li>{@link io.vpngw.gateway.esp.InboundSa} with its {@link io.vpngw.gateway.esp.ReplayWindow};
 *       {@link io.vpngw.gateway.esp.OutboundSa} with its {@link io.vpngw.gateway.esp.OutboundSequence}.</li>
 *   <li>{@link io.vpngw.gateway.esp.SaLifetime}: soft and hard limits by time, bytes, packets,
 *       drawn per SA from a {@link io.vpngw.gateway.esp.LifetimePolicy}; crossings go to a
 *       {@link io.vpngw.gateway.esp.SaExpiryListener}.</li>
 * </ul>
 *
 * <h2>Receiving (UDP 4500 → TUN)</h2>
 * <pre>
 *   spi = EspHeader.spi(packet)             sa = sad.inbound(spi)            null: drop "no SA"
 *   seq = sa.sequenceFor(EspHeader.sequenceNumber(packet))
 *   sa.checkReplay(seq)                     not FRESH: drop                  window unchanged
 *   open with (int) (seq >>> 32)            ICV fails: drop                  window unchanged
 *   sa.acceptAuthenticated(seq, octets)     not ACCEPTED: drop               window marked here only
 *   sa.admitsInnerPacket(inner)             false: drop "selector"           RFC 4301 §5.2
 *   write the inner packet to the TUN
 * </pre>
 * With parallel decryption, the two replay steps stay per SA on one thread in order: the pre-check
 * where packets are dispatched, the accept in an ordered stage after the workers (see
 * {@link io.vpngw.gateway.esp.ReplayWindow}).
 *
 * <h2>Sending (TUN → UDP 4500)</h2>
 * <pre>
 *   tunnel = router.route(inner)            (io.vpngw.gateway.routing)       no route: drop
 *   sa = sad.outbound(tunnel)                                                null: drop or queue
 *   seq = sa.nextSequence(octets)           REFUSED: drop                    rekey was asked for in time
 *   seal with seq, send
 * </pre>
 *
 * <h2>Threads</h2>
 * Lookups, sequence numbers and lifetime accounting are thread-safe, lock-free and allocate
 * nothing. Accepting into a replay window is the one step confined to a thread at a time (per
 * SA, in order); its pre-check may run on one other thread. Changes to the database come from
 * the control plane and are serialised among themselves.
 */
package io.vpngw.gateway.esp;
