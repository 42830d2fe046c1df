package io.vpngw.gateway.sstp;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What one SSTP packet decodes to ([MS-SSTP] 2.2.1–2.2.3). */
public sealed interface SstpPacket {

    /** A data packet: one PPP frame, without HDLC framing. */
    record Data(byte[] frame) implements SstpPacket {
        public Data {
            frame = frame.clone();
        }

        @Override
        public byte[] frame() {
            return frame.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Data d && Arrays.equals(d.frame, frame);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(frame);
        }

        @Override
        public String toString() {
            return "Data[" + frame.length + " bytes]";
        }
    }

    /** A control message and its attributes, in order. */
    record Control(SstpMessageType type, List<SstpAttribute> attributes) implements SstpPacket {
        public Control {
            attributes = List.copyOf(attributes);
        }

        public Control(SstpMessageType type, SstpAttribute... attributes) {
            this(type, List.of(attributes));
        }

        /** The first attribute of a kind. */
        public <A extends SstpAttribute> Optional<A> attribute(Class<A> kind) {
            return attributes.stream().filter(kind::isInstance).map(kind::cast).findFirst();
        }
    }

    /** Bytes that are not a valid SSTP packet, and why: dropped and counted, never thrown. */
    record Malformed(String reason) implements SstpPacket {}
}
