package io.vpngw.gateway.esp;

/** Where an SA is in its life. Stages only move forward. */
public enum LifetimeStage {
    /** Within every soft limit. */
    LIVE,
    /** A soft limit was reached, or the SA was already replaced by a rekey: still usable. */
    SOFT_EXPIRED,
    /** A hard limit was reached: no packet may use the SA any more. */
    HARD_EXPIRED
}
