package io.vpngw.api.v1alpha1;

/** ESP (phase 2) integrity, Azure's names plus CHACHA20POLY1305; MD5 is refused. */
public enum IpsecIntegrity {
    GCMAES256, GCMAES192, GCMAES128, SHA256, SHA1, MD5, CHACHA20POLY1305
}
