package io.vpngw.operator.gateway;

import io.vpngw.api.v1alpha1.VirtualNetworkGateway;
import java.util.List;
import java.util.Map;

/** Issues the key material a gateway's Secret holds. */
public interface GatewayIdentityIssuer {
    String IDENTITY_CERT = "identity.crt";
    String IDENTITY_KEY = "identity.key";
    String P2S_CA_CERT = "p2s-ca.crt";
    String P2S_CA_KEY = "p2s-ca.key";
    String P2S_SERVER_CERT = "p2s-server.crt";
    String P2S_SERVER_KEY = "p2s-server.key";

    /**
     * The identity entries (PEM): the gateway's key and certificate, and with point-to-site a CA
     * and the TLS server certificate it signs. Existing entries are returned unchanged while they
     * are still right (valid, same names), so a reconcile does not rotate keys.
     *
     * @param existing    the Secret's current entries
     * @param dnsNames    names the gateway is reached by
     * @param ipAddresses addresses the gateway is reached at
     */
    Map<String, String> identity(VirtualNetworkGateway gateway, Map<String, String> existing,
                                 List<String> dnsNames, List<String> ipAddresses);
}
