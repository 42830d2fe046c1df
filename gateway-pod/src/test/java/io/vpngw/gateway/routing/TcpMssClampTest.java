package io.vpngw.gateway.routing;

import static io.vpngw.gateway.routing.TestPackets.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TcpMssClampTest {

    private static final int SYN = 0x02;
    private static final int ACK = 0x10;
    private final TcpMssClamp clamp = TcpMssClamp.azure();

    private static byte[] mssOption(int mss) {
        return new byte[] {2, 4, (byte) (mss >>> 8), (byte) mss};
    }

    private static byte[] syn(int flags, byte[] options) {
        return TestPackets.tcp(address("10.1.0.4"), address("192.168.1.1"), 51_000, 443, flags, options, 0);
    }

    /** Where the MSS value sits in a packet built by {@link #syn}: 20 (IP) + 20 (TCP) + its option offset + 2. */
    private static int mssAt(byte[] packet, int optionOffset) {
        return Ipv4Packet.u16(packet, 40 + optionOffset + 2);
    }

    @Test
    void aSynAdvertisingMoreThanTheClampIsLoweredAndItsChecksumStillVerifies() {
        byte[] packet = syn(SYN, mssOption(1460));
        assertThat(TestPackets.tcpChecksumVerifies(packet)).isTrue();
        assertThat(clamp.clamp(packet, 0, packet.length)).isTrue();
        assertThat(mssAt(packet, 0)).isEqualTo(1350);
        assertThat(TestPackets.tcpChecksumVerifies(packet)).isTrue();
        assertThat(Ipv4Packet.u16(packet, 36)).isEqualTo(TestPackets.tcpChecksum(packet));
    }

    @Test
    void aSynAckIsClampedToo() {
        byte[] packet = syn(SYN | ACK, mssOption(8960));
        assertThat(clamp.clamp(packet, 0, packet.length)).isTrue();
        assertThat(mssAt(packet, 0)).isEqualTo(1350);
        assertThat(TestPackets.tcpChecksumVerifies(packet)).isTrue();
    }

    @ParameterizedTest(name = "MSS {0}")
    @ValueSource(ints = {536, 1200, 1350})
    void anMssAtOrBelowTheClampIsLeftAlone(int mss) {
        byte[] packet = syn(SYN, mssOption(mss));
        byte[] before = packet.clone();
        assertThat(clamp.clamp(packet, 0, packet.length)).isFalse();
        assertThat(packet).isEqualTo(before);
    }

    @Test
    void segmentsWithoutSynAreLeftAlone() {
        byte[] packet = syn(ACK, mssOption(1460));
        assertThat(clamp.clamp(packet, 0, packet.length)).isFalse();
        assertThat(mssAt(packet, 0)).isEqualTo(1460);
    }

    /** Options before the MSS, NOPs that put its value on an odd offset, and what real stacks send. */
    @ParameterizedTest(name = "{index}")
    @ValueSource(strings = {
        "02 04 05 b4 01 03 03 08 01 01 04 02",          // Windows: MSS, NOP, WS, NOP, NOP, SACK-permitted
        "02 04 05 b4 04 02 08 0a 00 00 00 01 00 00 00 00 01 03 03 07", // Linux: MSS, SACK-perm, timestamps, NOP, WS
        "01 02 04 05 b4",                               // one NOP: the value straddles two checksum words
        "01 01 01 02 04 05 b4",                         // three NOPs: odd again
        "03 03 08 02 04 23 28",                         // window scale first: odd
        "08 0a 00 00 00 01 00 00 00 00 02 04 ff ff",   // timestamps first, MSS 65535
    })
    void theChecksumIsRightWhereverTheOptionSits(String hex) {
        byte[] options = java.util.HexFormat.ofDelimiter(" ").parseHex(hex);
        byte[] packet = syn(SYN, options);
        int optionOffset = indexOfMss(options);
        int advertised = mssAt(packet, optionOffset);
        assertThat(clamp.clamp(packet, 0, packet.length)).isEqualTo(advertised > 1350);
        assertThat(mssAt(packet, optionOffset)).isEqualTo(Math.min(advertised, 1350));
        assertThat(TestPackets.tcpChecksumVerifies(packet)).isTrue();
        assertThat(Ipv4Packet.u16(packet, 36)).isEqualTo(TestPackets.tcpChecksum(packet));
    }

    private static int indexOfMss(byte[] options) {
        int i = 0;
        while (options[i] != 2) {
            i += options[i] == 1 ? 1 : options[i + 1];
        }
        return i;
    }

    @Test
    void randomSynsAlwaysEndWithAVerifyingChecksum() {
        SplittableRandom random = new SplittableRandom(1624);
        for (int trial = 0; trial < 5000; trial++) {
            int nops = random.nextInt(4);
            byte[] options = new byte[nops + 4];
            for (int i = 0; i < nops; i++) {
                options[i] = 1;
            }
            int mss = random.nextInt(0x10000);
            System.arraycopy(mssOption(mss), 0, options, nops, 4);
            byte[] packet = TestPackets.tcp(random.nextInt(), random.nextInt(), random.nextInt(0x10000), random.nextInt(0x10000),
                    SYN, options, random.nextInt(40));
            boolean changed = clamp.clamp(packet, 0, packet.length);
            assertThat(changed).isEqualTo(mss > 1350);
            assertThat(TestPackets.tcpChecksumVerifies(packet)).as("trial %d, mss %d, %d NOPs", trial, mss, nops).isTrue();
        }
    }

    @Test
    void aPacketInsideALargerBufferIsClampedInPlace() {
        byte[] packet = syn(SYN, mssOption(1460));
        byte[] buffer = new byte[packet.length + 100];
        System.arraycopy(packet, 0, buffer, 64, packet.length);
        assertThat(clamp.clamp(buffer, 64, packet.length)).isTrue();
        byte[] back = java.util.Arrays.copyOfRange(buffer, 64, 64 + packet.length);
        assertThat(mssAt(back, 0)).isEqualTo(1350);
        assertThat(TestPackets.tcpChecksumVerifies(back)).isTrue();
    }

    @Test
    void malformedOrIrrelevantPacketsAreLeftAlone() {
        byte[] noMss = syn(SYN, new byte[] {1, 3, 3, 8});
        byte[] badLength = syn(SYN, new byte[] {3, 0, 2, 4, 5, (byte) 0xb4});
        byte[] pastEnd = syn(SYN, new byte[] {1, 1, 1, 3, 9, 0, 0, 0});
        byte[] endFirst = syn(SYN, new byte[] {0, 0, 2, 4, 5, (byte) 0xb4});
        byte[] wrongMssLength = syn(SYN, new byte[] {2, 3, 5, (byte) 0xb4});
        byte[] udp = TestPackets.udp(1, 2, 3, 4, 20);
        byte[] laterFragment = TestPackets.asFragment(syn(SYN, mssOption(1460)), 8);
        for (byte[] packet : new byte[][] {noMss, badLength, pastEnd, endFirst, wrongMssLength, udp, laterFragment}) {
            byte[] before = packet.clone();
            assertThat(clamp.clamp(packet, 0, packet.length)).isFalse();
            assertThat(packet).isEqualTo(before);
        }
        byte[] truncated = syn(SYN, mssOption(1460));
        assertThat(clamp.clamp(truncated, 0, 39)).as("cut inside the TCP header").isFalse();
    }

    @Test
    void theClampMustBeAPlausibleMss() {
        assertThatThrownBy(() -> new TcpMssClamp(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TcpMssClamp(70_000)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new TcpMssClamp(1300).maximumSegmentSize()).isEqualTo(1300);
    }
}
