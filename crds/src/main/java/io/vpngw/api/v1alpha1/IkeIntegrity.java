package io.vpngw.api.v1alpha1;

/** IKE (phase 1) integrity and PRF, Azure's names plus CHACHA20POLY1305; MD5 is refused. */
public enum IkeIntegrity {
    GCMAES256, GCMAES128, SHA384, SHA256, SHA1, MD5, CHACHA20POLY1305
}
