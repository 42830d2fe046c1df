package io.vpngw.gateway.sstp;

import io.vpngw.gateway.config.GatewayConfig;
import io.vpngw.gateway.p2s.ClientCertificatePolicy;
import io.vpngw.gateway.p2s.Ipv4AddressPool;
import io.vpngw.gateway.p2s.Pem;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The SSTP server's settings from what the operator gives a gateway pod: the configuration
 * document's {@code pointToSite} (address pool, protocols, root certificates, revoked thumbprints)
 * and SKU limit, and the Secret's SSTP server certificate and key ({@value #SERVER_CERT},
 * {@value #SERVER_KEY}, read like the PSKs are). The gateway's end of every PPP link is the first
 * host address of the first pool prefix, kept out of the pool.
 */
public final class PointToSiteSettings {
    /** The Secret keys the operator's PkiGatewayIdentityIssuer writes. */
    public static final String SERVER_CERT = "p2s-server.crt";
    public static final String SERVER_KEY = "p2s-server.key";
    /** The gateway's own point-to-site CA ({@code vpngw p2s issue-cert --gateway} signs with it). */
    public static final String GATEWAY_CA_CERT = "p2s-ca.crt";
    public static final int SSTP_PORT = 443;

    private PointToSiteSettings() {}

    /**
     * What IKEv2 point-to-site needs from the same inputs: the server certificate and key (the
     * one SSTP presents, issued by the P2S CA clients trust), the client policy and the pool.
     */
    public record IkeV2(java.security.PrivateKey key, List<X509Certificate> chain, ClientCertificatePolicy clients,
                        List<String> addressPool, int gatewayAddress, int sessionLimit, List<Integer> dnsServers) {}

    /** The network's DNS servers as IPv4 addresses (ints), for IPCP and the configuration payload. */
    static List<Integer> dnsServers(GatewayConfig.PointToSite p2s) {
        return p2s.dnsServers().stream().map(Ipv4AddressPool::parse).toList();
    }

    /** The IKEv2 settings, or empty when the gateway serves no IKEv2 clients (not asked for, or the SKU has none). */
    public static Optional<IkeV2> ikeV2(GatewayConfig config, Map<String, String> secrets, Clock clock) {
        GatewayConfig.PointToSite p2s = config.pointToSite();
        if (p2s == null || p2s.protocols().stream().noneMatch(p -> p.toUpperCase(Locale.ROOT).equals("IKEV2"))) {
            return Optional.empty();
        }
        if (config.limits().ikev2Sessions() <= 0) {
            throw new IllegalArgumentException("the " + config.sku() + " SKU offers no IKEv2 point-to-site sessions");
        }
        if (p2s.addressPool().isEmpty()) {
            throw new IllegalArgumentException("point-to-site IKEv2 needs vpnClientAddressPool prefixes");
        }
        String cert = secrets.get(SERVER_CERT);
        String key = secrets.get(SERVER_KEY);
        if (cert == null || key == null) {
            throw new IllegalArgumentException("the gateway Secret lacks " + SERVER_CERT + " / " + SERVER_KEY
                    + " (the operator issues them when vpnClientConfiguration is set)");
        }
        return Optional.of(new IkeV2(Pem.privateKey(key), Pem.certificates(cert), policy(p2s, secrets, clock),
                p2s.addressPool(), Ipv4AddressPool.firstHost(p2s.addressPool().getFirst()), config.limits().ikev2Sessions(),
                dnsServers(p2s)));
    }

    private static ClientCertificatePolicy policy(GatewayConfig.PointToSite p2s, Map<String, String> secrets, Clock clock) {
        List<X509Certificate> roots = new java.util.ArrayList<>(p2s.rootCertificates().stream().map(Pem::publicCertData).toList());
        String gatewayCa = secrets.get(GATEWAY_CA_CERT);
        if (gatewayCa != null) {
            roots.add(Pem.certificates(gatewayCa).getFirst());
        }
        return new ClientCertificatePolicy(roots, p2s.revokedThumbprints(), clock);
    }

    /** The settings, or empty when the gateway serves no SSTP clients; fails with what to fix when the inputs are unusable. */
    public static Optional<SstpServer.Settings> from(GatewayConfig config, Map<String, String> secrets, String bindAddress, int port,
                                                     Clock clock) {
        GatewayConfig.PointToSite p2s = config.pointToSite();
        if (p2s == null || p2s.protocols().stream().noneMatch(p -> p.toUpperCase(Locale.ROOT).equals("SSTP"))) {
            return Optional.empty();
        }
        if (p2s.addressPool().isEmpty()) {
            throw new IllegalArgumentException("point-to-site SSTP needs vpnClientAddressPool prefixes");
        }
        String cert = secrets.get(SERVER_CERT);
        String key = secrets.get(SERVER_KEY);
        if (cert == null || key == null) {
            throw new IllegalArgumentException("the gateway Secret lacks " + SERVER_CERT + " / " + SERVER_KEY
                    + " (the operator issues them when vpnClientConfiguration is set)");
        }
        List<X509Certificate> roots = new java.util.ArrayList<>(p2s.rootCertificates().stream().map(Pem::publicCertData).toList());
        // clients the gateway's own CA certified are trusted beside vpnClientRootCertificates'
        String gatewayCa = secrets.get(GATEWAY_CA_CERT);
        if (gatewayCa != null) {
            roots.add(Pem.certificates(gatewayCa).getFirst());
        }
        ClientCertificatePolicy policy = new ClientCertificatePolicy(roots, p2s.revokedThumbprints(), clock);
        int gatewayAddress = Ipv4AddressPool.firstHost(p2s.addressPool().getFirst());
        return Optional.of(new SstpServer.Settings(bindAddress, port, Pem.privateKey(key), Pem.certificates(cert), policy,
                p2s.addressPool(), gatewayAddress, dnsServers(p2s), config.limits().sstpSessions(), config.sku(),
                SstpTimers.specification()));
    }
}
