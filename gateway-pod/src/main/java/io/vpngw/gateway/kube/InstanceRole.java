package io.vpngw.gateway.kube;

/** What this instance is doing, as reported in its status and labels. */
public enum InstanceRole {
    /** Not serving: another instance holds the Lease, or none has been won yet. */
    STANDBY("standby"),
    /** Serving, holding the Lease (or both instances serve: active-active). */
    ACTIVE("active"),
    /**
     * Still serving, but the Lease could not be renewed (the API server is unreachable) and no
     * other holder has been seen: the tunnels stay up until another instance provably takes over.
     */
    ACTIVE_UNCONFIRMED("active");

    private final String podLabel;

    InstanceRole(String podLabel) {
        this.podLabel = podLabel;
    }

    /** The value of {@code vpngw.io/role} on the pod: the Service sends traffic to {@code active}. */
    public String podLabel() {
        return podLabel;
    }

    public boolean serving() {
        return this != STANDBY;
    }
}
