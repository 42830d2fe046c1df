package io.vpngw.api.v1alpha1;

/** RouteBased gateways use any-to-any traffic selectors and routes; PolicyBased ones negotiate prefix pairs (IKEv1). */
public enum VpnType {
    RouteBased, PolicyBased
}
