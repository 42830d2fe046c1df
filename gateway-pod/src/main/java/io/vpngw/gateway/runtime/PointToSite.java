package io.vpngw.gateway.runtime;

import io.vpngw.gateway.config.GatewayConfig;
import io.vpngw.gateway.net.Ipv4Prefix;
import io.vpngw.gateway.sstp.PointToSiteSettings;
import io.vpngw.gateway.sstp.SstpCounters;
import io.vpngw.gateway.sstp.SstpServer;
import io.vpngw.gateway.tun.LinkConfigurator;
import io.vpngw.gateway.ike.ConnectionSettings;
import io.vpngw.gateway.ike.message.TrafficSelector;
import io.vpngw.gateway.ike.proposal.CryptoPolicy;
import io.vpngw.gateway.ike.roadwarrior.RoadWarriorSettings;
import io.vpngw.gateway.ike.roadwarrior.SessionSlots;
import io.vpngw.gateway.ike.selector.TrafficSelectors;
import io.vpngw.gateway.p2s.ClientCertificatePolicy;
import io.vpngw.gateway.p2s.Ipv4AddressPool;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Point-to-site beside the runtime: the SSTP server when the configuration asks for it, joined to
 * the TUN path (clients' packets written to the TUN, packets for client addresses taken from the
 * TUN reader before site-to-site routing) and the kernel routing the client address pool into
 * the TUN. Absent when the gateway has no SSTP clients.
 */
public final class PointToSite implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PointToSite.class);

    /** The engine's connection name for IKEv2 clients; each client's SA is named {@code p2s-ikev2/<virtual ip>}. */
    public static final String IKEV2_CONNECTION = "p2s-ikev2";

    private final GatewayRuntime runtime;
    private final SstpServer server;
    private final SessionSlots ikeV2Sessions;

    private PointToSite(GatewayRuntime runtime, SstpServer server, SessionSlots ikeV2Sessions) {
        this.runtime = runtime;
        this.server = server;
        this.ikeV2Sessions = ikeV2Sessions;
    }

    public static PointToSite start(GatewayRuntime runtime, GatewayConfig config, Map<String, String> secrets, String bindAddress,
                                    int port) throws IOException {
        Optional<SstpServer.Settings> settings;
        Optional<PointToSiteSettings.IkeV2> ikeV2;
        try {
            settings = PointToSiteSettings.from(config, secrets, bindAddress, port, Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            // site-to-site goes on without point-to-site; the log says what to fix
            LOG.error("point-to-site SSTP is not served: {}", e.getMessage());
            settings = Optional.empty();
        }
        try {
            ikeV2 = PointToSiteSettings.ikeV2(config, secrets, Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            LOG.error("point-to-site IKEv2 is not served: {}", e.getMessage());
            ikeV2 = Optional.empty();
        }
        // one pool for both protocols, as Azure's vpnClientAddressPool is: a client address is
        // handed out once, whichever protocol asks; the first host is the gateway's PPP end
        Ipv4AddressPool pool = null;
        if (settings.isPresent()) {
            pool = new Ipv4AddressPool(settings.get().addressPool(), List.of(settings.get().gatewayAddress()));
        } else if (ikeV2.isPresent()) {
            pool = new Ipv4AddressPool(ikeV2.get().addressPool(), List.of(ikeV2.get().gatewayAddress()));
        }
        SstpServer server = null;
        if (settings.isPresent()) {
            server = SstpServer.start(settings.get(), runtime::writeToTun, pool);
            runtime.attachPointToSite(server::deliver);
            LinkConfigurator link = LinkConfigurator.inCurrentNamespace();
            for (String prefix : settings.get().addressPool()) {
                link.replaceRoute(Ipv4Prefix.parse(prefix), runtime.tunName());
            }
            LOG.info("point-to-site SSTP on {}:{} for pool {}", bindAddress, server.port(), settings.get().addressPool());
        }
        SessionSlots ikeV2Sessions = null;
        if (ikeV2.isPresent()) {
            PointToSiteSettings.IkeV2 i = ikeV2.get();
            ikeV2Sessions = new SessionSlots(i.sessionLimit());
            runtime.serveRoadWarriors(roadWarriors(config, i, pool, ikeV2Sessions, runtime), i.addressPool());
            LOG.info("point-to-site IKEv2 for pool {}, at most {} sessions", i.addressPool(), i.sessionLimit());
        }
        return new PointToSite(runtime, server, ikeV2Sessions);
    }

    /** Serves IKEv2 when the configuration asks for it and the SKU allows it. */
    static boolean servesIkeV2(GatewayConfig config) {
        return config.pointToSite() != null && config.limits().ikev2Sessions() > 0
                && config.pointToSite().protocols().stream().anyMatch(p -> p.toUpperCase(Locale.ROOT).equals("IKEV2"));
    }

    private static RoadWarriorSettings roadWarriors(GatewayConfig config, PointToSiteSettings.IkeV2 i, Ipv4AddressPool pool,
                                                    SessionSlots sessions, GatewayRuntime runtime) {
        List<TrafficSelector> local = config.addressSpace().isEmpty() ? List.of(TrafficSelector.Ipv4Range.all())
                : TrafficSelectors.fromPrefixes(config.addressSpace());
        ConnectionSettings template = new ConnectionSettings(IKEV2_CONNECTION, ConnectionSettings.Mode.RESPONDER_ONLY,
                Optional.empty(), List.of(), "", ConnectionSettings.Identity.fqdn(IKEV2_CONNECTION), Optional.empty(),
                CryptoPolicy.azureDefaults(), local, TrafficSelectors.fromPrefixes(i.addressPool()),
                ConnectionSettings.DEFAULT_DPD_TIMEOUT);
        RoadWarriorSettings.CertificateCheck check = presented -> {
            if (i.clients().check(presented) instanceof ClientCertificatePolicy.Verdict.Refused refused) {
                LOG.warn("IKEv2 point-to-site client refused: {} ({})", refused.reason(), refused.detail());
                return Optional.of(refused.reason() + ": " + refused.detail());
            }
            return Optional.empty();
        };
        RoadWarriorSettings.AddressLeases leases = new RoadWarriorSettings.AddressLeases() {
            @Override
            public Optional<Inet4Address> allocate() {
                OptionalInt address = pool.allocate();
                return address.isEmpty() ? Optional.empty() : Optional.of(toAddress(address.getAsInt()));
            }

            @Override
            public void release(Inet4Address address) {
                pool.release(Ipv4AddressPool.parse(address.getHostAddress()));
            }
        };
        return new RoadWarriorSettings(template, i.key(), withoutRoots(i.chain()), i.clients().roots(), check, leases,
                i.dnsServers().stream().map(PointToSite::inet4).toList(), sessions);
    }

    /** The chain to send: a self-signed root the Secret carries along is left out (clients have it). */
    private static List<X509Certificate> withoutRoots(List<X509Certificate> chain) {
        List<X509Certificate> sent = new ArrayList<>(List.of(chain.getFirst()));
        chain.stream().skip(1).filter(c -> !c.getSubjectX500Principal().equals(c.getIssuerX500Principal())).forEach(sent::add);
        return sent;
    }

    private static Inet4Address toAddress(int address) {
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {
                    (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** IKEv2 sessions in use, their limit and refusals for the limit, when IKEv2 is served. */
    public Optional<SessionSlots> ikeV2Sessions() {
        return Optional.ofNullable(ikeV2Sessions);
    }

    /** The SSTP server's counters, when there is a server. */
    public Optional<SstpCounters> counters() {
        return Optional.ofNullable(server).map(SstpServer::counters);
    }

    public Optional<SstpServer> server() {
        return Optional.ofNullable(server);
    }

    @Override
    public void close() {
        if (ikeV2Sessions != null) {
            try {
                runtime.serveRoadWarriors(null, List.of()); // IKEv2 clients are deleted and reconnect
            } catch (RuntimeException e) {
                LOG.warn("stopping IKEv2 point-to-site: {}", e.getMessage()); // the runtime is already closed
            }
        }
        if (server != null) {
            runtime.attachPointToSite(null);
            server.close();
        }
    }

    private static java.net.Inet4Address inet4(int address) {
        try {
            return (java.net.Inet4Address) java.net.InetAddress.getByAddress(new byte[] {
                    (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }
}
