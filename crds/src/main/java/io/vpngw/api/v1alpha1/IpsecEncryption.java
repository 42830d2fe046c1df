package io.vpngw.api.v1alpha1;

/** ESP (phase 2) encryption, Azure's names plus CHACHA20POLY1305; DES is refused. */
public enum IpsecEncryption {
    GCMAES256, GCMAES192, GCMAES128, AES256, AES192, AES128, DES3, DES, None, CHACHA20POLY1305
}
