package io.vpngw.gateway.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcessFootprintTest {

    @Test
    void serialHeapCountsBothGenerationsAndTheEmptySurvivorSpace() {
        String serial = """
                17778:
                DefNew     total 19648K, used 7402K [0x00000000fc000000, 0x00000000fd550000, 0x00000000fd550000)
                 eden space 17472K,  29% used [0x00000000fc000000, 0x00000000fc51aa48, 0x00000000fd110000)
                 from space 2176K, 100% used [0x00000000fd330000, 0x00000000fd550000, 0x00000000fd550000)
                 to   space 2176K,   0% used [0x00000000fd110000, 0x00000000fd110000, 0x00000000fd330000)
                Tenured    total 43712K, used 2355K [0x00000000fd550000, 0x0000000100000000, 0x0000000100000000)
                 the  space 43712K,   5% used [0x00000000fd550000, 0x00000000fd79cc28, 0x0000000100000000)
                """;
        ProcessFootprint.Heap heap = ProcessFootprint.parseHeapInfo(serial);
        assertThat(heap.committedKib()).isEqualTo(65536);
        assertThat(heap.usedKib()).isEqualTo(7402 + 2355);
    }

    @Test
    void g1HeapIsOneSpaceAndMetaspaceIsNotHeap() {
        String g1 = """
                4242:
                garbage-first heap   total reserved 524288K, committed 262144K, used 12345K [0x00000000e0000000, 0x0000000100000000)
                 region size 1024K, 3 young (3072K), 0 survivors (0K)
                Metaspace       used 20480K, committed 20992K, reserved 1114112K
                 class space    used 2048K, committed 2304K, reserved 1048576K
                """;
        ProcessFootprint.Heap heap = ProcessFootprint.parseHeapInfo(g1);
        assertThat(heap).isEqualTo(new ProcessFootprint.Heap(262144, 12345));
    }

    @Test
    void outputWithoutHeapFiguresIsAnError() {
        assertThatThrownBy(() -> ProcessFootprint.parseHeapInfo("4242:\nCould not attach"))
                .isInstanceOf(IllegalStateException.class);
    }
}
