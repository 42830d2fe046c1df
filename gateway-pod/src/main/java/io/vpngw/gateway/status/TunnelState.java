package io.vpngw.gateway.status;

/** A connection's state, with Azure's names for it. */
public enum TunnelState {
    Connecting, Connected, NotConnected
}
