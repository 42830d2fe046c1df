package io.vpngw.api.v1alpha1;

/** IKE (phase 1) encryption, Azure's names plus CHACHA20POLY1305; DES is refused. */
public enum IkeEncryption {
    GCMAES256, GCMAES128, AES256, AES192, AES128, DES3, DES, CHACHA20POLY1305
}
