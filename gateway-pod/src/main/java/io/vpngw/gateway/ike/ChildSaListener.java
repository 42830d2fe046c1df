package io.vpngw.gateway.ike;

/**
 * The data plane's side of the engine: Child SAs to install and remove. A rekeyed SA's replacement
 * is installed before the old one is deleted, so traffic never lacks an SA.
 */
public interface ChildSaListener {

    void installed(ChildSa childSa);

    /** The SA is gone; its keys are wiped after this returns. */
    void deleted(ChildSa childSa, ChildSaDeletion reason);

    /** Why a Child SA was removed. */
    enum ChildSaDeletion {
        /** Replaced by a rekeyed SA. */
        REKEYED,
        /** The peer or we deleted it, or its IKE SA went. */
        DELETED,
        /** Its IKE SA failed: the peer stopped answering or the exchange broke. */
        IKE_SA_FAILED,
        /** The redundant SA of a simultaneous rekey (RFC 7296 §2.8.1). */
        REDUNDANT
    }
}
