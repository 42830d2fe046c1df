package io.vpngw.gateway.net;

/**
 * How a {@link UdpSocket} is set up before it binds.
 *
 * @param reusePort          {@code SO_REUSEPORT}: several sockets (one per worker thread) bind the
 *                           same address and the kernel spreads flows across them
 * @param receiveBufferBytes requested {@code SO_RCVBUF}; 0 keeps the kernel default. Bursts of ESP
 *                           arrive faster than one thread drains them, so the default is large.
 * @param sendBufferBytes    requested {@code SO_SNDBUF}; 0 keeps the kernel default
 * @param segmentationOffload whether {@link UdpSocket#sendBatch} hands runs of same-size
 *                           datagrams to the same peer to the kernel as one send ({@code
 *                           UDP_SEGMENT}, Linux 4.18+); used only where the kernel supports it
 * @param receiveCoalescing  whether the kernel may deliver runs of datagrams from one sender as
 *                           one message ({@code UDP_GRO}, Linux 5.0+) that {@link
 *                           UdpSocket#receiveBatch} cuts apart; costs 1 MiB of native memory
 */
public record UdpSocketOptions(boolean reusePort, int receiveBufferBytes, int sendBufferBytes,
        boolean segmentationOffload, boolean receiveCoalescing) {

    /** 4 MiB each way: about 2,800 full-size datagrams, a few milliseconds at gigabit rates. */
    public static final int DEFAULT_BUFFER_BYTES = 4 << 20;

    public UdpSocketOptions {
        if (receiveBufferBytes < 0 || sendBufferBytes < 0) {
            throw new IllegalArgumentException("buffer sizes must not be negative: receive "
                    + receiveBufferBytes + ", send " + sendBufferBytes);
        }
    }

    /**
     * No port sharing, {@link #DEFAULT_BUFFER_BYTES} each way, segmentation offload and receive
     * coalescing where the kernel has them.
     */
    public static UdpSocketOptions defaults() {
        return new UdpSocketOptions(false, DEFAULT_BUFFER_BYTES, DEFAULT_BUFFER_BYTES, true, true);
    }

    public UdpSocketOptions withReusePort(boolean reusePort) {
        return new UdpSocketOptions(reusePort, receiveBufferBytes, sendBufferBytes, segmentationOffload,
                receiveCoalescing);
    }

    public UdpSocketOptions withBuffers(int receiveBufferBytes, int sendBufferBytes) {
        return new UdpSocketOptions(reusePort, receiveBufferBytes, sendBufferBytes, segmentationOffload,
                receiveCoalescing);
    }

    public UdpSocketOptions withSegmentationOffload(boolean segmentationOffload) {
        return new UdpSocketOptions(reusePort, receiveBufferBytes, sendBufferBytes, segmentationOffload,
                receiveCoalescing);
    }

    public UdpSocketOptions withReceiveCoalescing(boolean receiveCoalescing) {
        return new UdpSocketOptions(reusePort, receiveBufferBytes, sendBufferBytes, segmentationOffload,
                receiveCoalescing);
    }
}
