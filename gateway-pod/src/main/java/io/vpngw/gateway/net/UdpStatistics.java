package io.vpngw.gateway.net;

/**
 * What a {@link UdpSocket} has moved since it was bound.
 *
 * @param datagramsReceived       datagrams handed to the caller
 * @param bytesReceived           their payload octets
 * @param receiveDroppedTruncated datagrams longer than the buffer offered, dropped
 * @param datagramsSent           datagrams the kernel accepted
 * @param bytesSent               their payload octets
 * @param sendFailed              datagrams the kernel refused for themselves (no route, too long,
 *                                filtered) and that were skipped
 * @param segmentedSendsRefused   runs the kernel would not take as one segmented send (a segment
 *                                larger than the route's MTU), sent datagram by datagram instead
 * @param coalescedReceives       with receive coalescing: messages that brought several datagrams
 */
public record UdpStatistics(
        long datagramsReceived,
        long bytesReceived,
        long receiveDroppedTruncated,
        long datagramsSent,
        long bytesSent,
        long sendFailed,
        long segmentedSendsRefused,
        long coalescedReceives) {}
