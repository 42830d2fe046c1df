package io.vpngw.gateway.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The configuration document a gateway instance runs from: everything about one
 * VirtualNetworkGateway and its Connections that the data plane needs, resolved by the operator
 * (peer addresses, prefixes, proposals, limits). Secrets are not in it: pre-shared keys and
 * private keys are named by their key in the gateway's Secret ({@code pskKey}).
 *
 * <p>The operator writes it as {@value #CONFIG_MAP_KEY} in the gateway's ConfigMap; a gateway
 * outside Kubernetes reads the same JSON from a file. {@link #apiVersion} versions the format.
 *
 * @param apiVersion     {@value #API_VERSION}
 * @param gateway        the gateway as {@code namespace/name}
 * @param generation     the VirtualNetworkGateway's metadata.generation this was rendered from
 * @param sku            the SKU name, e.g. VpnGw1
 * @param limits         the SKU's limits the gateway enforces
 * @param vpnType        RouteBased or PolicyBased
 * @param activeActive   whether both instances serve
 * @param addressSpace   the prefixes behind this gateway
 * @param gatewaySubnet  where inner addresses come from, or null
 * @param pointToSite    point-to-site settings, or null
 * @param connections    the admitted connections, sorted by name
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GatewayConfig(
        String apiVersion,
        String gateway,
        long generation,
        String sku,
        Limits limits,
        String vpnType,
        boolean activeActive,
        List<String> addressSpace,
        String gatewaySubnet,
        PointToSite pointToSite,
        List<ConnectionConfig> connections) {

    public static final String API_VERSION = "vpngw.io/gateway-config/v1";
    public static final String CONFIG_MAP_KEY = "gateway.json";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public GatewayConfig {
        addressSpace = List.copyOf(addressSpace);
        connections = List.copyOf(connections);
    }

    /** The SKU limits in force. */
    public record Limits(int siteToSiteTunnels, int sstpSessions, int ikev2Sessions, int throughputMbps, boolean bgp) {}

    /** Point-to-site settings; certificates and keys live in the Secret. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PointToSite(List<String> addressPool, List<String> protocols, List<String> rootCertificates,
                              List<String> revokedThumbprints,
                              @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> dnsServers) {
        public PointToSite {
            addressPool = List.copyOf(addressPool);
            protocols = List.copyOf(protocols);
            rootCertificates = List.copyOf(rootCertificates);
            revokedThumbprints = List.copyOf(revokedThumbprints);
            dnsServers = dnsServers == null ? List.of() : List.copyOf(dnsServers);
        }

        /** Without DNS servers: clients get none. */
        public PointToSite(List<String> addressPool, List<String> protocols, List<String> rootCertificates,
                           List<String> revokedThumbprints) {
            this(addressPool, protocols, rootCertificates, revokedThumbprints, List.of());
        }
    }

    /** Serialises deterministically (sorted keys, stable formatting), so equal configs hash equally. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a document, refusing other format versions. */
    public static GatewayConfig fromJson(String json) {
        GatewayConfig c;
        try {
            c = JSON.readValue(json, GatewayConfig.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a gateway configuration: " + e.getMessage(), e);
        }
        if (!API_VERSION.equals(c.apiVersion())) {
            throw new IllegalArgumentException("gateway configuration apiVersion " + c.apiVersion() + " is not " + API_VERSION);
        }
        return c;
    }
}
