package io.vpngw.gateway.ike.engine;

import io.vpngw.gateway.ike.Endpoint;
import io.vpngw.gateway.ike.message.NotifyPayload;
import io.vpngw.gateway.ike.message.NotifyType;
import io.vpngw.gateway.ike.message.Octets;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/** NAT_DETECTION_*_IP notifications: SHA-1(SPIi | SPIr | IP | port) (RFC 7296 §2.23). */
final class NatDetection {

    private NatDetection() {
    }

    static Octets hash(long spiI, long spiR, Endpoint endpoint) {
        byte[] address = endpoint.address().getAddress();
        ByteBuffer input = ByteBuffer.allocate(16 + address.length + 2)
                .putLong(spiI).putLong(spiR).put(address).putShort((short) endpoint.port());
        try {
            return Octets.copyOf(MessageDigest.getInstance("SHA-1").digest(input.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    static List<NotifyPayload> notifies(long spiI, long spiR, Endpoint source, Endpoint destination) {
        return notifies(spiI, spiR, source, destination, null);
    }

    /**
     * With {@code fakeSource} set, the source hash covers random bytes instead of our address, so
     * the peer sees a NAT on our side and encapsulates ESP in UDP (RFC 7296 §2.23 allows this to
     * force encapsulation).
     */
    static List<NotifyPayload> notifies(long spiI, long spiR, Endpoint source, Endpoint destination, java.security.SecureRandom fakeSource) {
        Octets sourceHash;
        if (fakeSource == null) {
            sourceHash = hash(spiI, spiR, source);
        } else {
            byte[] noise = new byte[20];
            fakeSource.nextBytes(noise);
            sourceHash = Octets.copyOf(noise);
        }
        return List.of(
                NotifyPayload.of(NotifyType.NAT_DETECTION_SOURCE_IP, sourceHash),
                NotifyPayload.of(NotifyType.NAT_DETECTION_DESTINATION_IP, hash(spiI, spiR, destination)));
    }

    /**
     * Whether a NAT lies between the peers, judged from the notifications of a received message and
     * the addresses it really travelled between. A peer that sent none is taken as NAT-free.
     */
    static boolean natDetected(List<NotifyPayload> sourceNotifies, List<NotifyPayload> destinationNotifies,
                               long spiI, long spiR, Endpoint source, Endpoint destination) {
        if (sourceNotifies.isEmpty() || destinationNotifies.isEmpty()) {
            return false;
        }
        Octets expectedSource = hash(spiI, spiR, source);
        Octets expectedDestination = hash(spiI, spiR, destination);
        boolean sourceMatches = sourceNotifies.stream().anyMatch(n -> n.data().equals(expectedSource));
        boolean destinationMatches = destinationNotifies.stream().anyMatch(n -> n.data().equals(expectedDestination));
        return !sourceMatches || !destinationMatches;
    }
}
