package io.vpngw.gateway.sstp;

/**
 * The Status values of a Status Info attribute ([MS-SSTP] 2.2.6): why a message was refused or
 * a call aborted. The peer logs them; we log and count them.
 */
public enum SstpStatus {
    NO_ERROR(0),
    DUPLICATE_ATTRIBUTE(1),
    UNRECOGNIZED_ATTRIBUTE(2),
    INVALID_ATTRIBUTE_VALUE_LENGTH(3),
    VALUE_NOT_SUPPORTED(4),
    UNACCEPTED_FRAME_RECEIVED(5),
    RETRY_COUNT_EXCEEDED(6),
    INVALID_FRAME_RECEIVED(7),
    NEGOTIATION_TIMEOUT(8),
    ATTRIBUTE_NOT_SUPPORTED_IN_MESSAGE(9),
    REQUIRED_ATTRIBUTE_MISSING(10),
    STATUS_INFO_NOT_SUPPORTED_IN_MESSAGE(11);

    private final int code;

    SstpStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The status for a code, or null when the code is not one of [MS-SSTP]'s. */
    public static SstpStatus of(long code) {
        for (SstpStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }
}
