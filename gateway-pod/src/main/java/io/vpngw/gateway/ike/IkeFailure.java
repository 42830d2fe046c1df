package io.vpngw.gateway.ike;

/** Why an exchange, and with it possibly the IKE SA, failed. */
public enum IkeFailure {
    /** Our proof or the peer's did not verify (wrong pre-shared key, unexpected identity). */
    AUTHENTICATION_FAILED,
    /** No proposal of one side was acceptable to the other. */
    NO_PROPOSAL_CHOSEN,
    /** The responder kept asking for key exchange groups we cannot use. */
    INVALID_KE_PAYLOAD,
    /** No traffic selectors were acceptable. */
    TS_UNACCEPTABLE,
    /** The peer did not answer within the retransmission schedule. */
    PEER_DEAD,
    /** The peer answered with something that breaks the protocol. */
    PROTOCOL_ERROR,
    /** The peer refused the exchange with an error we do not handle specially. */
    REFUSED_BY_PEER
}
