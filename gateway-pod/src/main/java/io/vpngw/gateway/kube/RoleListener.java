package io.vpngw.gateway.kube;

/**
 * Told when this instance starts and stops serving (initiating and answering IKE, forwarding ESP).
 * Called from one thread, never concurrently, each call a change from the previous one.
 */
public interface RoleListener {
    void startServing();

    void stopServing();
}
