package io.vpngw.gateway.esp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class EspHeaderTest {

    @Test
    void readsSpiAndSequenceNumberBigEndianAtAnOffset() {
        byte[] packet = HexFormat.of().parseHex("ffff" + "c0ffee01" + "fffffffe" + "00112233");
        assertThat(EspHeader.spi(packet, 2)).isEqualTo(0xC0FF_EE01);
        assertThat(EspHeader.sequenceNumber(packet, 2)).isEqualTo(0xFFFF_FFFE);
        assertThat(Integer.toUnsignedLong(EspHeader.sequenceNumber(packet, 2))).isEqualTo(4_294_967_294L);
    }
}
