package io.vpngw.gateway.sstp;

import java.util.Optional;

/** The control messages of [MS-SSTP] 2.2.9–2.2.17, by their 16-bit Message Type. */
public enum SstpMessageType {
    CALL_CONNECT_REQUEST(1),
    CALL_CONNECT_ACK(2),
    CALL_CONNECT_NAK(3),
    CALL_CONNECTED(4),
    CALL_ABORT(5),
    CALL_DISCONNECT(6),
    CALL_DISCONNECT_ACK(7),
    ECHO_REQUEST(8),
    ECHO_RESPONSE(9);

    private final int code;

    SstpMessageType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<SstpMessageType> of(int code) {
        for (SstpMessageType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
