package io.vpngw.operator.plan;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.vpngw.api.v1alpha1.Connection;
import io.vpngw.api.v1alpha1.ConnectionProtocol;
import io.vpngw.api.v1alpha1.ConnectionSpec;
import io.vpngw.api.v1alpha1.ConnectionType;
import io.vpngw.api.v1alpha1.GatewayType;
import io.vpngw.api.v1alpha1.IpsecPolicy;
import io.vpngw.api.v1alpha1.LocalNetworkGateway;
import io.vpngw.api.v1alpha1.VirtualNetworkGateway;
import io.vpngw.api.v1alpha1.VirtualNetworkGatewaySpec;
import io.vpngw.api.v1alpha1.VpnClientConfiguration;
import io.vpngw.api.v1alpha1.VpnType;
import io.vpngw.api.validation.IpPrefix;
import io.vpngw.gateway.config.ConnectionConfig;
import io.vpngw.gateway.config.GatewayConfig;
import io.vpngw.gateway.sku.SkuLimits;
import io.vpngw.operator.Names;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Decides what a gateway runs: which of its Connections are admitted, which are refused and why,
 * and the configuration document that results. What CEL cannot check is checked here:
 * references and Secrets that must exist, prefixes that must not overlap, the SKU's tunnel
 * count and policy rules, and features the gateway cannot honour yet (refused as NotSupported).
 *
 * <p>Pure: it reads a {@link ClusterView} and returns a {@link GatewayPlan}; the gateway and
 * Connection reconcilers both call it, so they agree on every verdict.
 */
public final class GatewayPlanner {
    private static final int MAX_PSK_LENGTH = 128;

    public GatewayPlan plan(VirtualNetworkGateway gw, ClusterView view) {
        String ns = gw.getMetadata().getNamespace();
        String name = gw.getMetadata().getName();
        VirtualNetworkGatewaySpec spec = gw.getSpec();
        Optional<GatewayConfig> current = view.configMap(ns, Names.configMap(name))
                .map(cm -> cm.getData() == null ? null : cm.getData().get(GatewayConfig.CONFIG_MAP_KEY))
                .flatMap(GatewayPlanner::parseQuietly);
        Map<String, String> currentKeys = view.secret(ns, Names.secret(name)).map(GatewayPlanner::decodedData).orElse(Map.of());

        Optional<Problem> gatewayProblem = gatewayProblem(spec);
        if (gatewayProblem.isPresent()) {
            Map<String, ConnectionVerdict> verdicts = new TreeMap<>();
            for (Connection c : view.connectionsOf(ns, name)) {
                boolean kept = current.map(cfg -> cfg.connections().stream().anyMatch(cc -> cc.name().equals(key(c)))).orElse(false);
                verdicts.put(key(c), new ConnectionVerdict.Refused(new Problem(Problem.GATEWAY_REFUSED,
                        "gateway " + name + " is refused: " + gatewayProblem.get().message()), kept));
            }
            return new GatewayPlan(gatewayProblem, current, verdicts, keptKeys(current, currentKeys), List.of());
        }
        SkuLimits limits = SkuLimits.of(spec.getSku(), spec.getVpnGatewayGeneration()).orElseThrow();

        List<Connection> connections = new ArrayList<>(view.connectionsOf(ns, name));
        connections.sort(Comparator.comparing((Connection c) -> String.valueOf(c.getMetadata().getCreationTimestamp()))
                .thenComparing(c -> c.getMetadata().getName()));

        Map<String, ConnectionVerdict> verdicts = new TreeMap<>();
        Map<String, String> keys = new TreeMap<>();
        List<ConnectionConfig> admitted = new ArrayList<>();
        List<Problem> warnings = new ArrayList<>();
        for (Connection c : connections) {
            ConnectionVerdict v = judge(gw, c, view, limits, admitted.size(), keys);
            if (v instanceof ConnectionVerdict.Admitted a) {
                admitted.add(a.config());
                warnings.addAll(a.warnings());
                verdicts.put(key(c), v);
            } else {
                ConnectionVerdict.Refused r = (ConnectionVerdict.Refused) v;
                Optional<ConnectionConfig> lastGood = current.flatMap(cfg -> cfg.connections().stream()
                        .filter(cc -> cc.name().equals(key(c))).findFirst())
                        .filter(cc -> currentKeys.containsKey(cc.pskKey()));
                // a refused edit keeps the tunnel as it was; a refusal for capacity never does
                if (lastGood.isPresent() && !r.problem().reason().equals(Problem.SKU_LIMIT_EXCEEDED)) {
                    admitted.add(lastGood.get());
                    keys.put(lastGood.get().pskKey(), currentKeys.get(lastGood.get().pskKey()));
                    verdicts.put(key(c), new ConnectionVerdict.Refused(r.problem(), true));
                } else {
                    verdicts.put(key(c), r);
                }
            }
        }
        admitted.sort(Comparator.comparing(ConnectionConfig::name));
        GatewayConfig config = new GatewayConfig(GatewayConfig.API_VERSION, ns + "/" + name,
                gw.getMetadata().getGeneration() == null ? 0 : gw.getMetadata().getGeneration(),
                spec.getSku().name(),
                new GatewayConfig.Limits(limits.siteToSiteTunnels(), limits.sstpSessions(), limits.ikev2Sessions(),
                        limits.throughputMbps(), limits.bgp()),
                spec.getVpnType().name(), Boolean.TRUE.equals(spec.getActiveActive()),
                spec.getVirtualNetwork().getAddressSpace(), spec.getVirtualNetwork().getGatewaySubnet(),
                pointToSite(spec.getVpnClientConfiguration(), spec.getVirtualNetwork().getDnsServers()), admitted);
        return new GatewayPlan(Optional.empty(), Optional.of(config), verdicts, keys, warnings);
    }

    /** Gateway-level refusals: features not honoured yet, and what CEL cannot see. */
    static Optional<Problem> gatewayProblem(VirtualNetworkGatewaySpec spec) {
        if (spec.getGatewayType() == GatewayType.ExpressRoute) {
            return Optional.of(new Problem(Problem.NOT_SUPPORTED,
                    "gatewayType ExpressRoute is not supported yet: vpngw terminates VPN tunnels only; use gatewayType Vpn"));
        }
        if (Boolean.TRUE.equals(spec.getEnableBgp())) {
            return Optional.of(new Problem(Problem.NOT_SUPPORTED,
                    "enableBgp is not supported yet: set enableBgp to false and list the peers' prefixes in their LocalNetworkGateways"));
        }
        if (spec.getVpnType() == VpnType.PolicyBased) {
            return Optional.of(new Problem(Problem.NOT_SUPPORTED,
                    "vpnType PolicyBased needs IKEv1, which is not supported yet: use vpnType RouteBased with a VpnGw SKU and usePolicyBasedTrafficSelectors on the Connection"));
        }
        if (SkuLimits.of(spec.getSku(), spec.getVpnGatewayGeneration()).isEmpty()) {
            return Optional.of(new Problem(Problem.INVALID_SPEC, "sku " + spec.getSku() + " does not exist in "
                    + spec.getVpnGatewayGeneration() + "; see Azure's SKU table"));
        }
        VpnClientConfiguration p2s = spec.getVpnClientConfiguration();
        if (p2s != null) {
            for (var root : p2s.getVpnClientRootCertificates() == null ? List.<io.vpngw.api.v1alpha1.VpnClientRootCertificate>of()
                    : p2s.getVpnClientRootCertificates()) {
                try {
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(
                            Base64.getMimeDecoder().decode(root.getPublicCertData())));
                } catch (CertificateException | IllegalArgumentException e) {
                    return Optional.of(new Problem(Problem.INVALID_CERTIFICATE, "vpnClientRootCertificates entry " + root.getName()
                            + " is not an X.509 certificate in Base-64 DER: give the certificate's DER in Base-64, e.g. openssl x509 -in root.pem -outform der | base64 -w0"));
                }
            }
            for (String pool : p2s.getVpnClientAddressPool().getAddressPrefixes()) {
                if (IpPrefix.parse(pool).prefixLength() > 29) {
                    return Optional.of(new Problem(Problem.INVALID_SPEC, "vpnClientAddressPool prefix " + pool
                            + " is too small for clients: use a /29 or larger"));
                }
            }
        }
        return Optional.empty();
    }

    private ConnectionVerdict judge(VirtualNetworkGateway gw, Connection c, ClusterView view, SkuLimits limits,
                                    int admittedSoFar, Map<String, String> keys) {
        ConnectionSpec s = c.getSpec();
        String ns = c.getMetadata().getNamespace();
        VirtualNetworkGatewaySpec g = gw.getSpec();
        if (s.getConnectionType() == ConnectionType.ExpressRoute) {
            return refuse(Problem.NOT_SUPPORTED, "connectionType ExpressRoute is not supported yet; use IPsec or Vnet2Vnet");
        }
        if (s.getConnectionProtocol() == ConnectionProtocol.IKEv1) {
            return refuse(Problem.NOT_SUPPORTED, "connectionProtocol IKEv1 is not supported yet; recreate the Connection with IKEv2 (the field cannot change)");
        }
        if (Boolean.TRUE.equals(s.getEnableBgp())) {
            return refuse(Problem.NOT_SUPPORTED, "enableBgp is not supported yet; set it to false and list the peer's prefixes");
        }
        if (!policies(s).isEmpty() && g.getSku().name().equals("Basic")) {
            return refuse(Problem.POLICY_NOT_ALLOWED, "sku Basic does not take custom IPsec policies: remove ipsecPolicies or move gateway "
                    + gw.getMetadata().getName() + " to VpnGw1 or larger");
        }
        ConnectionConfig.Peer peer;
        String peerLabel;
        if (s.getConnectionType() == ConnectionType.IPsec) {
            String site = s.getLocalNetworkGateway2().getName();
            Optional<LocalNetworkGateway> lng = view.site(ns, site);
            if (lng.isEmpty()) {
                return refuse(Problem.REFERENCE_NOT_FOUND, "LocalNetworkGateway " + site + " not found in namespace " + ns
                        + ": create it or correct spec.localNetworkGateway2.name");
            }
            var ls = lng.get().getSpec();
            List<String> addresses = ls.getGatewayIpAddress() != null ? List.of(ls.getGatewayIpAddress())
                    : lng.get().getStatus() == null || lng.get().getStatus().getResolvedAddresses() == null ? List.of()
                    : lng.get().getStatus().getResolvedAddresses();
            List<String> prefixes = ls.getLocalNetworkAddressSpace() == null ? List.of() : ls.getLocalNetworkAddressSpace().getAddressPrefixes();
            peer = new ConnectionConfig.Peer(addresses, ls.getFqdn(), prefixes);
            peerLabel = "LocalNetworkGateway " + site;
        } else {
            String peerNs = s.getVirtualNetworkGateway2().getNamespace() == null ? ns : s.getVirtualNetworkGateway2().getNamespace();
            String peerName = s.getVirtualNetworkGateway2().getName();
            Optional<VirtualNetworkGateway> other = view.gateway(peerNs, peerName);
            if (other.isEmpty()) {
                return refuse(Problem.REFERENCE_NOT_FOUND, "VirtualNetworkGateway " + peerName + " not found in namespace " + peerNs
                        + ": create it or correct spec.virtualNetworkGateway2");
            }
            List<String> addresses = other.get().getStatus() == null || other.get().getStatus().getPublicIpAddresses() == null
                    ? List.of() : other.get().getStatus().getPublicIpAddresses();
            peer = new ConnectionConfig.Peer(addresses, null, other.get().getSpec().getVirtualNetwork().getAddressSpace());
            peerLabel = "VirtualNetworkGateway " + peerNs + "/" + peerName;
        }
        Optional<Problem> overlap = overlap(peer.prefixes(), g, peerLabel);
        if (overlap.isPresent()) {
            return new ConnectionVerdict.Refused(overlap.get(), false);
        }
        String secretName = s.getSharedKeySecretRef().getName();
        String secretKey = s.getSharedKeySecretRef().getKey() == null ? "sharedKey" : s.getSharedKeySecretRef().getKey();
        Optional<Secret> secret = view.secret(ns, secretName);
        if (secret.isEmpty()) {
            return refuse(Problem.SECRET_NOT_FOUND, "Secret " + secretName + " not found in namespace " + ns
                    + ": create it with the pre-shared key under key " + secretKey);
        }
        String psk = decodedData(secret.get()).get(secretKey);
        if (psk == null) {
            return refuse(Problem.SECRET_NOT_FOUND, "Secret " + secretName + " has no key " + secretKey
                    + ": put the pre-shared key there or correct spec.sharedKeySecretRef.key");
        }
        if (psk.isEmpty() || psk.length() > MAX_PSK_LENGTH || !psk.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f)) {
            return refuse(Problem.INVALID_SECRET, "the pre-shared key in Secret " + secretName + " must be 1 to " + MAX_PSK_LENGTH
                    + " printable ASCII characters, as Azure requires");
        }
        if (admittedSoFar >= limits.siteToSiteTunnels()) {
            return refuse(Problem.SKU_LIMIT_EXCEEDED, "sku " + g.getSku() + " allows " + limits.siteToSiteTunnels()
                    + " tunnels and gateway " + gw.getMetadata().getName() + " already has them: choose a larger SKU or remove a Connection");
        }
        String pskKey = Names.pskKey(c.getMetadata().getName());
        keys.put(pskKey, psk);
        IpsecPolicy p = policies(s).isEmpty() ? null : policies(s).getFirst();
        List<ConnectionConfig.TrafficSelectorPair> selectors = s.getTrafficSelectorPolicies() == null ? List.of()
                : s.getTrafficSelectorPolicies().stream()
                .map(t -> new ConnectionConfig.TrafficSelectorPair(t.getLocalAddressRanges(), t.getRemoteAddressRanges())).toList();
        ConnectionConfig cfg = new ConnectionConfig(key(c), s.getConnectionType().name(), s.getConnectionProtocol().name(),
                s.getConnectionMode().name(), peer, pskKey, s.getDpdTimeoutSeconds(), s.getRoutingWeight(),
                Boolean.TRUE.equals(s.getUsePolicyBasedTrafficSelectors()), selectors,
                p == null ? null : new ConnectionConfig.Policy(p.getIkeEncryption().name(), p.getIkeIntegrity().name(),
                        p.getDhGroup().name(), p.getIpsecEncryption().name(), p.getIpsecIntegrity().name(), p.getPfsGroup().name(),
                        p.getSaLifeTimeSeconds(), p.getSaDataSizeKilobytes()));
        return new ConnectionVerdict.Admitted(cfg, weakAlgorithms(key(c), p));
    }

    private static Optional<Problem> overlap(List<String> peerPrefixes, VirtualNetworkGatewaySpec g, String peerLabel) {
        List<String> ours = new ArrayList<>(g.getVirtualNetwork().getAddressSpace());
        if (g.getVpnClientConfiguration() != null) {
            ours.addAll(g.getVpnClientConfiguration().getVpnClientAddressPool().getAddressPrefixes());
        }
        for (String theirs : peerPrefixes) {
            for (String mine : ours) {
                if (overlaps(IpPrefix.parse(theirs), IpPrefix.parse(mine))) {
                    return Optional.of(new Problem(Problem.PREFIX_OVERLAP, "prefix " + theirs + " of " + peerLabel
                            + " overlaps " + mine + " of this gateway: traffic could not be routed; renumber one side"));
                }
            }
        }
        return Optional.empty();
    }

    static boolean overlaps(IpPrefix a, IpPrefix b) {
        return a.containsIp(b.masked().ip()) || b.containsIp(a.masked().ip());
    }

    private static List<Problem> weakAlgorithms(String connection, IpsecPolicy p) {
        if (p == null) {
            return List.of();
        }
        List<String> weak = new ArrayList<>();
        if (p.getIkeEncryption().name().equals("DES3")) {
            weak.add("ikeEncryption DES3");
        }
        if (p.getIpsecEncryption().name().equals("DES3")) {
            weak.add("ipsecEncryption DES3");
        }
        if (p.getIkeIntegrity().name().equals("SHA1")) {
            weak.add("ikeIntegrity SHA1");
        }
        if (p.getIpsecIntegrity().name().equals("SHA1")) {
            weak.add("ipsecIntegrity SHA1");
        }
        if (p.getDhGroup().name().equals("DHGroup2")) {
            weak.add("dhGroup DHGroup2");
        }
        if (p.getPfsGroup().name().equals("PFS2")) {
            weak.add("pfsGroup PFS2");
        }
        return weak.isEmpty() ? List.of() : List.of(new Problem("WeakAlgorithm", "Connection " + connection + " uses "
                + String.join(", ", weak) + ": accepted for compatibility, but prefer GCMAES256, SHA256 and ECP256 or X25519"));
    }

    private static GatewayConfig.PointToSite pointToSite(VpnClientConfiguration p2s, List<String> dnsServers) {
        if (p2s == null) {
            return null;
        }
        return new GatewayConfig.PointToSite(p2s.getVpnClientAddressPool().getAddressPrefixes(),
                p2s.getVpnClientProtocols().stream().map(Enum::name).toList(),
                // none listed: only clients the gateway's own P2S CA certified are admitted
                p2s.getVpnClientRootCertificates() == null ? List.of()
                        : p2s.getVpnClientRootCertificates().stream().map(r -> r.getPublicCertData().replaceAll("\\s", "")).toList(),
                p2s.getVpnClientRevokedCertificates() == null ? List.of()
                        : p2s.getVpnClientRevokedCertificates().stream().map(r -> r.getThumbprint().toUpperCase()).toList(),
                dnsServers == null ? List.of() : dnsServers);
    }

    private static Map<String, String> keptKeys(Optional<GatewayConfig> current, Map<String, String> currentKeys) {
        Map<String, String> kept = new LinkedHashMap<>();
        current.ifPresent(cfg -> cfg.connections().forEach(cc -> {
            if (currentKeys.containsKey(cc.pskKey())) {
                kept.put(cc.pskKey(), currentKeys.get(cc.pskKey()));
            }
        }));
        return kept;
    }

    private static List<IpsecPolicy> policies(ConnectionSpec s) {
        return s.getIpsecPolicies() == null ? List.of() : s.getIpsecPolicies();
    }

    private static ConnectionVerdict refuse(String reason, String message) {
        return new ConnectionVerdict.Refused(new Problem(reason, message), false);
    }

    /** {@code namespace/name} of a Connection: its key in the configuration and in verdicts. */
    public static String key(Connection c) {
        return c.getMetadata().getNamespace() + "/" + c.getMetadata().getName();
    }

    /** A Secret's data and stringData, decoded. */
    public static Map<String, String> decodedData(Secret s) {
        Map<String, String> m = new TreeMap<>();
        if (s.getData() != null) {
            s.getData().forEach((k, v) -> m.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (s.getStringData() != null) {
            m.putAll(s.getStringData());
        }
        return m;
    }

    private static Optional<GatewayConfig> parseQuietly(String json) {
        try {
            return Optional.of(GatewayConfig.fromJson(json));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static boolean hasConfig(ConfigMap cm) {
        return cm.getData() != null && cm.getData().containsKey(GatewayConfig.CONFIG_MAP_KEY);
    }
}
