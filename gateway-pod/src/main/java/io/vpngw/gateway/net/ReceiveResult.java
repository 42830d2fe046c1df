package io.vpngw.gateway.net;

/** What a single {@link UdpSocket#receive} found. */
public sealed interface ReceiveResult {

    /** A datagram of {@code length} octets from {@code sender} is in the caller's buffer. */
    record Datagram(int length, InetEndpoint sender) implements ReceiveResult {}

    /** No datagram is waiting; {@link UdpSocket#poll} waits for one. */
    record NothingWaiting() implements ReceiveResult {}

    /** The socket has been closed. */
    record Closed() implements ReceiveResult {}

    ReceiveResult NOTHING_WAITING = new NothingWaiting();
    ReceiveResult CLOSED = new Closed();
}
