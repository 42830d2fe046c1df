/**
 * The gateway's door to the kernel for packets: batched, non-blocking UDP for ESP in UDP
 * (RFC 3948, port 4500) and IKE, the {@link io.vpngw.gateway.net.PacketBatch} that carries
 * packets through the data plane, and the system calls underneath, through the FFM API.
 *
 * <h2>The packet path</h2>
 * <pre>
 *   TUN readBatch ──► PacketBatch ──► ESP encrypt in place ──► UdpSocket sendBatch (sendmmsg)
 *   UdpSocket receiveBatch (recvmmsg) ──► PacketBatch ──► ESP decrypt in place ──► TUN writeBatch
 * </pre>
 * A {@link io.vpngw.gateway.net.PacketBatch} is allocated once per worker and reused: heap
 * buffers with headroom and tailroom, so ESP adds its header, trailer and ICV without copying,
 * and a peer endpoint per packet. Java arrays are what the JDK's AES-GCM intrinsics work on
 * fastest, which is why the packets live on the heap. TUN reads and writes reach those arrays
 * directly; UDP batches go through native staging buffers (one copy per packet), because
 * {@code recvmmsg}/{@code sendmmsg} take addresses that a moving collector could invalidate.
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>Descriptors are non-blocking. Packet calls return counts: 0 for "nothing now", -1 once
 *       closed. A {@code poll(timeout)} waits, and {@code close()} wakes it (see
 *       {@link io.vpngw.gateway.net.NonBlockingDescriptor}).</li>
 *   <li>Errors that belong to one packet are counted and the packet skipped; errors of set-up, or
 *       that mean a descriptor is broken, throw {@link io.vpngw.gateway.net.SyscallException}
 *       with the call, its subject and the errno by name.</li>
 *   <li>Each descriptor has a read side and a write side, each for one thread at a time; counters
 *       ({@link io.vpngw.gateway.net.UdpStatistics}) can be read from any thread.</li>
 *   <li>Nothing is allocated per packet once the JIT has compiled the loops.</li>
 * </ul>
 *
 * <p>The JVM must grant native access: {@code --enable-native-access=ALL-UNNAMED} (or the module
 * name), as the build's test runner does. Linux only, 64-bit (x86-64, aarch64).
 */
package io.vpngw.gateway.net;
