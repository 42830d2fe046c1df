package io.vpngw.gateway.ike;

import java.util.Arrays;
import java.util.Objects;

/**
 * One IKE message as UDP carries it (after the non-ESP marker on port 4500).
 *
 * @param source      the sender
 * @param destination the receiver
 * @param bytes       the IKE message; the record keeps its own copy
 */
public record Datagram(Endpoint source, Endpoint destination, byte[] bytes) {

    public Datagram {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Datagram that && source.equals(that.source) && destination.equals(that.destination)
                && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, destination, Arrays.hashCode(bytes));
    }

    @Override
    public String toString() {
        return "Datagram[" + source + " -> " + destination + ", " + bytes.length + " octets]";
    }
}
