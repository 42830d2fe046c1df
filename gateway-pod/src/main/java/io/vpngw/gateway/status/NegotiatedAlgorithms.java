package io.vpngw.gateway.status;

/** What a connection's IKE and Child SAs negotiated, as IKEv2 transform names (e.g. AES_GCM_16_256). */
public record NegotiatedAlgorithms(String ikeEncryption, String ikeIntegrity, String dhGroup,
                                   String ipsecEncryption, String ipsecIntegrity) {}
