package io.vpngw.gateway.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One admitted connection as the gateway runs it.
 *
 * @param name                 the Connection as {@code namespace/name}
 * @param type                 IPsec or Vnet2Vnet
 * @param protocol             IKEv2 or IKEv1
 * @param mode                 Default, ResponderOnly or InitiatorOnly
 * @param peer                 the other end
 * @param pskKey               the key of the pre-shared key in the gateway's Secret
 * @param dpdTimeoutSeconds    dead peer detection timeout
 * @param routingWeight        preference among connections to the same prefixes
 * @param usePolicyBasedTrafficSelectors propose prefix pairs instead of any-to-any
 * @param trafficSelectors     selectors proposed when initiating (empty: derived)
 * @param policy               the custom policy, or null for Azure's defaults
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConnectionConfig(
        String name,
        String type,
        String protocol,
        String mode,
        Peer peer,
        String pskKey,
        int dpdTimeoutSeconds,
        int routingWeight,
        boolean usePolicyBasedTrafficSelectors,
        List<TrafficSelectorPair> trafficSelectors,
        Policy policy) {

    public ConnectionConfig {
        trafficSelectors = List.copyOf(trafficSelectors);
    }

    /**
     * The other end of the tunnel.
     *
     * @param addresses public addresses to reach it; empty while unknown (the gateway then only responds)
     * @param fqdn      its DNS name, when it was given by name
     * @param prefixes  what lies behind it
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Peer(List<String> addresses, String fqdn, List<String> prefixes) {
        public Peer {
            addresses = List.copyOf(addresses);
            prefixes = List.copyOf(prefixes);
        }
    }

    /** A pair of prefix lists proposed as traffic selectors. */
    public record TrafficSelectorPair(List<String> local, List<String> remote) {
        public TrafficSelectorPair {
            local = List.copyOf(local);
            remote = List.copyOf(remote);
        }
    }

    /** A custom IPsec/IKE policy with Azure's value names. */
    public record Policy(String ikeEncryption, String ikeIntegrity, String dhGroup, String ipsecEncryption,
                         String ipsecIntegrity, String pfsGroup, long saLifeTimeSeconds, long saDataSizeKilobytes) {}
}
