package io.vpngw.api.v1alpha1;

/** How point-to-site clients authenticate. */
public enum VpnAuthenticationType {
    Certificate
}
