package io.vpngw.gateway.ike.engine;

import io.vpngw.gateway.ike.ChildSa;

/** A Child SA with its lifecycle inside its IKE SA. */
final class ChildSaEntry {

    enum State {
        INSTALLED,
        /** We sent a CREATE_CHILD_SA to rekey it. */
        REKEYING,
        /** Replaced; waiting for its deletion. */
        REKEYED,
        /** We sent a Delete for it. */
        DELETING
    }

    /** The peer's rekey of this SA that we answered while our own rekey of it was running. */
    record PeerRekey(byte[] initiatorNonce, byte[] responderNonce, ChildSaEntry created) {}

    final ChildSa sa;
    State state = State.INSTALLED;
    PeerRekey peerRekey;

    ChildSaEntry(ChildSa sa) {
        this.sa = sa;
    }

    @Override
    public String toString() {
        return sa + " " + state;
    }
}
