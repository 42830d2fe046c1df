package io.vpngw.api.v1alpha1;

/** The IKE version a Connection negotiates. */
public enum ConnectionProtocol {
    IKEv2, IKEv1
}
