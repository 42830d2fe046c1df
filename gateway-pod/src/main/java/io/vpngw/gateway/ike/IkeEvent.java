package io.vpngw.gateway.ike;

import io.vpngw.gateway.ike.proposal.IkeSuite;

/** What happened to a connection's IKE SA, for status, metrics and reconnection decisions. */
public sealed interface IkeEvent {

    String connection();

    /** IKE_AUTH completed; the IKE SA is usable. */
    record Established(String connection, long initiatorSpi, long responderSpi, IkeSuite suite,
                       boolean weInitiated) implements IkeEvent {}

    /** Establishing failed, or an established SA's exchange failed fatally. */
    record Failed(String connection, IkeFailure failure, boolean weInitiated) implements IkeEvent {}

    /** A Child SA could not be created or rekeyed; the IKE SA lives on. */
    record ChildSaFailed(String connection, IkeFailure failure) implements IkeEvent {}

    /** The IKE SA was replaced by a rekeyed one with new SPIs. */
    record Rekeyed(String connection, long initiatorSpi, long responderSpi) implements IkeEvent {}

    /** Dead peer detection gave up on the peer. */
    record PeerDead(String connection) implements IkeEvent {}

    /** The IKE SA was deleted by us or the peer. */
    record Deleted(String connection, boolean byPeer) implements IkeEvent {}
}
