/**
 * The TUN side of the data plane: inner IPv4 packets leave the host's IP stack through a
 * {@link io.vpngw.gateway.tun.TunDevice} to be encrypted, and decrypted packets enter it there.
 *
 * <h2>Setting up</h2>
 * <pre>{@code
 * List<TunDevice> queues = TunDevice.openQueues(TunSettings.named("vpngw0"), workers);
 * LinkConfigurator.inCurrentNamespace()
 *         .configure("vpngw0", 1400, List.of(Ipv4Prefix.parse("169.254.21.1/30")), remoteRoutes);
 * }</pre>
 * One queue per worker thread; the kernel keeps each flow on one queue. The MTU leaves room for
 * the ESP and UDP overhead on the outer path. Creating a TUN needs CAP_NET_ADMIN.
 *
 * <h2>Moving packets</h2>
 * <pre>{@code
 * while (true) {
 *     int read = queue.readBatch(batch);       // -1: closed
 *     if (read < 0) break;
 *     if (read == 0) { queue.poll(1000); continue; }
 *     ... encrypt the batch in place, set each packet's peer, udp.sendBatch(batch) ...
 * }
 * }</pre>
 * Only IPv4 is handed over; anything else the kernel sends (IPv6 router solicitations from the
 * moment the interface is up) is dropped and counted in {@link io.vpngw.gateway.tun.TunStatistics}.
 */
package io.vpngw.gateway.tun;
