package io.vpngw.gateway.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PacketBatchTest {

    @Test
    void eachSlotHasHeadroomPayloadAreaAndTailroom() {
        try (PacketBatch batch = PacketBatch.allocate(4, 64, 1500, 32)) {
            assertThat(batch.capacity()).isEqualTo(4);
            assertThat(batch.buffer(3)).hasSize(64 + 1500 + 32);
            assertThat(batch.payloadArea(0).byteSize()).isEqualTo(1500);

            int slot = batch.append(new byte[] {9, 8, 7}, 0, 3);

            assertThat(slot).isZero();
            assertThat(batch.count()).isEqualTo(1);
            assertThat(batch.offset(0)).isEqualTo(64);
            assertThat(batch.length(0)).isEqualTo(3);
            assertThat(batch.buffer(0)[64]).isEqualTo((byte) 9);
        }
    }

    @Test
    void aHeaderIsPrependedByMovingTheOffsetIntoTheHeadroom() {
        try (PacketBatch batch = PacketBatch.allocate(1, 1500)) {
            batch.append(new byte[100], 0, 100);
            byte[] buffer = batch.buffer(0);
            int header = 16;
            System.arraycopy(new byte[] {1, 2, 3, 4}, 0, buffer, batch.offset(0) - header, 4);

            batch.setPacket(0, batch.offset(0) - header, batch.length(0) + header);

            assertThat(batch.offset(0)).isEqualTo(PacketBatch.DEFAULT_HEADROOM - header);
            assertThat(batch.length(0)).isEqualTo(116);
            assertThat(batch.packetSegment(0).get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0)).isEqualTo((byte) 1);
        }
    }

    @Test
    void rangesOutsideTheBufferAndOversizePacketsAreRefused() {
        try (PacketBatch batch = PacketBatch.allocate(2, 0, 100, 0)) {
            assertThatThrownBy(() -> batch.append(new byte[101], 0, 101))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds maxPacketSize 100");
            assertThatThrownBy(() -> batch.setPacket(0, 50, 51)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> batch.setPacket(0, -1, 10)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> batch.setPacket(2, 0, 10)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> batch.addReceived(101)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> batch.setCount(3)).isInstanceOf(IllegalArgumentException.class);

            batch.append(new byte[1], 0, 1);
            batch.append(new byte[1], 0, 1);
            assertThat(batch.isFull()).isTrue();
            assertThatThrownBy(() -> batch.append(new byte[1], 0, 1))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("full");
        }
        assertThatThrownBy(() -> PacketBatch.allocate(0, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PacketBatch.allocate(PacketBatch.MAX_CAPACITY + 1, 100))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PacketBatch.allocate(1, PacketBatch.MAX_PACKET_SIZE + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void peersAreKeptPerSlotAndClearedForNewPackets() {
        try (PacketBatch batch = PacketBatch.allocate(3, 100)) {
            int first = batch.append(new byte[1], 0, 1);
            int second = batch.append(new byte[1], 0, 1);
            batch.setPeer(first, Ipv4Endpoint.of("192.0.2.1", 4500));
            batch.setPeerIpv4(second, Ipv4Endpoint.parseAddress("198.51.100.200"), 65535);

            assertThat(batch.peer(first)).isEqualTo(Ipv4Endpoint.of("192.0.2.1", 4500));
            assertThat(batch.peerIpv4Address(second)).isEqualTo(0xC63364C8);
            assertThat(batch.peerPort(second)).isEqualTo(65535);

            batch.clear();
            int reused = batch.append(new byte[1], 0, 1);
            assertThat(batch.hasPeer(reused)).as("a new packet starts without a stale peer").isFalse();
            assertThatThrownBy(() -> batch.peer(reused)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> batch.setPeerIpv4(reused, 1, 65536)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
