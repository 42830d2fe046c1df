package io.vpngw.gateway.ike;

/** Where the engine puts the datagrams it sends: a UDP socket in the gateway, a queue in tests. */
@FunctionalInterface
public interface DatagramSender {

    /** Sends without blocking; a datagram that cannot be sent is lost, as UDP would lose it. */
    void send(Datagram datagram);
}
