package io.vpngw.gateway.esp;

/**
 * Told when an SA reaches a lifetime limit, once per SA for the soft and once for the hard limit.
 * Called on whichever thread crossed the limit, packet threads included: implementations only
 * hand the event over (to the IKE task queue), never block, and never throw.
 */
public interface SaExpiryListener {

    /** A listener for SAs whose limits nobody acts on. */
    SaExpiryListener IGNORE = new SaExpiryListener() {
        @Override
        public void softLimitReached(SecurityAssociation sa, ExpiryCause cause) {
        }

        @Override
        public void hardLimitReached(SecurityAssociation sa, ExpiryCause cause) {
        }
    };

    /** Time to rekey the CHILD_SA: the SA still works. */
    void softLimitReached(SecurityAssociation sa, ExpiryCause cause);

    /** The SA is no longer usable: delete it and tell the peer. */
    void hardLimitReached(SecurityAssociation sa, ExpiryCause cause);

    /** Passes a verdict that crossed a limit on to {@code listener}. */
    static void report(LifetimeVerdict verdict, SecurityAssociation sa, SaExpiryListener listener) {
        switch (verdict) {
            case SOFT_LIMIT_REACHED -> listener.softLimitReached(sa, sa.lifetime().softCause());
            case HARD_LIMIT_REACHED -> listener.hardLimitReached(sa, sa.lifetime().hardCause());
            case WITHIN_LIMITS, EXPIRED -> { }
        }
    }
}
