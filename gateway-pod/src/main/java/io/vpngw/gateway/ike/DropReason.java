package io.vpngw.gateway.ike;

/** Why a received datagram was discarded without effect. */
public enum DropReason {
    /** Not a parseable IKEv2 message. */
    MALFORMED,
    /** No IKE SA with the message's SPIs. */
    UNKNOWN_SPI,
    /** The Encrypted payload did not authenticate or decrypt, or was missing. */
    UNDECRYPTABLE,
    /** A message ID outside the window: an old request or an unexpected response. */
    UNEXPECTED_MESSAGE_ID,
    /** An IKE_SA_INIT request refused by configuration (no matching connection, InitiatorOnly). */
    REFUSED,
    /** A message the current state has no use for. */
    UNEXPECTED_MESSAGE,
    /** Handling the message failed inside the engine; a bug, counted rather than thrown. */
    PROCESSING_ERROR
}
