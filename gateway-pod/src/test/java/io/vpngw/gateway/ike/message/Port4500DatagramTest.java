package io.vpngw.gateway.ike.message;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Telling IKE, ESP and keepalives apart on UDP port 4500 (RFC 3948 §2.2, §2.3). */
class Port4500DatagramTest {

    @Test
    void aSingle0xFFIsANatKeepalive() {
        assertThat(Port4500Datagram.classify(new byte[] {(byte) 0xFF}, 0, 1))
                .isInstanceOf(Port4500Datagram.NatKeepalive.class);
        assertThat(Port4500Datagram.classify(new byte[] {0x00}, 0, 1)).isInstanceOf(Port4500Datagram.Unrecognised.class);
    }

    @Test
    void fourZeroOctetsMarkAnIkeMessage() {
        byte[] ike = Samples.informationalDelete().encode();
        byte[] buffer = new byte[3 + 4 + ike.length];
        buffer[0] = (byte) 0xFF; // something before the datagram in the receive buffer
        System.arraycopy(Port4500Datagram.withNonEspMarker(ike), 0, buffer, 3, 4 + ike.length);

        Port4500Datagram kind = Port4500Datagram.classify(buffer, 3, 4 + ike.length);

        assertThat(kind).isEqualTo(new Port4500Datagram.Ike(7, ike.length));
        var marked = (Port4500Datagram.Ike) kind;
        assertThat(Samples.parsed(IkeMessage.parse(buffer, marked.offset(), marked.length())))
                .isEqualTo(Samples.informationalDelete());
    }

    @Test
    void aNonZeroSpiMeansEsp() {
        byte[] esp = Octets.fromHex("c0ffee01 00000001 deadbeef").toByteArray();

        assertThat(Port4500Datagram.classify(esp, 0, esp.length)).isEqualTo(new Port4500Datagram.Esp(0, 12));
        assertThat(Port4500Datagram.classify(esp, 0, 7)).isInstanceOf(Port4500Datagram.Unrecognised.class);
    }

    @Test
    void tooShortForAnythingIsUnrecognised() {
        assertThat(Port4500Datagram.classify(new byte[0], 0, 0)).isInstanceOf(Port4500Datagram.Unrecognised.class);
        assertThat(Port4500Datagram.classify(new byte[3], 0, 3)).isInstanceOf(Port4500Datagram.Unrecognised.class);
        // A marker with nothing after it is handed on as an empty IKE message, which then fails to parse.
        assertThat(Port4500Datagram.classify(new byte[4], 0, 4)).isEqualTo(new Port4500Datagram.Ike(4, 0));
        assertThat(IkeMessage.parse(new byte[4], 4, 0)).isInstanceOf(ParseResult.Malformed.class);
    }

    @Test
    void theMarkerIsPrependedForSending() {
        assertThat(Port4500Datagram.withNonEspMarker(new byte[] {1, 2})).containsExactly(0, 0, 0, 0, 1, 2);
    }
}
