package io.vpngw.gateway.ike.message;

/**
 * Which end of the exchange an IDx or TSx payload describes: the same layout travels as IDi/IDr
 * and TSi/TSr with different payload types.
 */
public enum Party {
    INITIATOR,
    RESPONDER
}
