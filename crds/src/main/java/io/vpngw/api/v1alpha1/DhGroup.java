package io.vpngw.api.v1alpha1;

/** IKE (phase 1) Diffie-Hellman group, Azure's names plus X25519; DHGroup1 and None are refused. */
public enum DhGroup {
    DHGroup24, ECP384, ECP256, DHGroup14, DHGroup2048, DHGroup2, DHGroup1, None, X25519
}
