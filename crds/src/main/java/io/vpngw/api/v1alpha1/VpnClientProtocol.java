package io.vpngw.api.v1alpha1;

/** Point-to-site tunnel protocols a gateway offers to clients. */
public enum VpnClientProtocol {
    SSTP, IkeV2
}
