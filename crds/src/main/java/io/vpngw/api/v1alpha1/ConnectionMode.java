package io.vpngw.api.v1alpha1;

/** Whether the gateway may initiate, respond, or both. */
public enum ConnectionMode {
    Default, ResponderOnly, InitiatorOnly
}
