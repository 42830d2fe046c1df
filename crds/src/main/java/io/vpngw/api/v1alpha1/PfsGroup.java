package io.vpngw.api.v1alpha1;

/** ESP (phase 2) perfect-forward-secrecy group, Azure's names plus X25519; PFS1 is refused. */
public enum PfsGroup {
    PFS24, ECP384, ECP256, PFS2048, PFS14, PFS2, PFS1, PFSMM, None, X25519
}
