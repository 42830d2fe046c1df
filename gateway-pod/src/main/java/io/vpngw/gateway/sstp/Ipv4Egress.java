package io.vpngw.gateway.sstp;

/** Where IPv4 datagrams from point-to-site clients go: the gateway's TUN device in the runtime. */
@FunctionalInterface
public interface Ipv4Egress {
    void send(byte[] packet, int offset, int length);
}
