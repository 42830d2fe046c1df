package io.vpngw.api.v1alpha1;

/** The state of a tunnel as Azure reports it. */
public enum ConnectionState {
    Unknown, Connecting, Connected, NotConnected
}
