package io.vpngw.gateway.kube;

/** Decides whether this instance serves, and keeps its pod's {@code vpngw.io/role} label to match. */
public sealed interface RoleKeeper extends AutoCloseable permits LeaseElection, AlwaysActive {
    String ROLE_LABEL = "vpngw.io/role";

    RoleKeeper start();

    InstanceRole role();

    /** Stops serving and, for an elected active, hands the Lease over at once. */
    @Override
    void close();
}
