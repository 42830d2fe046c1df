package io.vpngw.gateway.runtime;

import io.vpngw.gateway.config.GatewayConfig;
import io.vpngw.gateway.net.Ipv4Prefix;
import io.vpngw.gateway.sstp.PointToSiteSettings;
import io.vpngw.gateway.sstp.SstpCounters;
import io.vpngw.gateway.sstp.SstpServer;
import io.vpngw.gateway.tun.LinkConfigurator;
import java.io.IOException;
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

    private final GatewayRuntime runtime;
    private final SstpServer server;

    private PointToSite(GatewayRuntime runtime, SstpServer server) {
        this.runtime = runtime;
        this.server = server;
    }

    public static PointToSite start(GatewayRuntime runtime, GatewayConfig config, Map<String, String> secrets, String bindAddress,
                                    int port) throws IOException {
        Optional<SstpServer.Settings> settings;
        try {
            settings = PointToSiteSettings.from(config, secrets, bindAddress, port, Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            // site-to-site goes on without point-to-site; the log says what to fix
            LOG.error("point-to-site SSTP is not served: {}", e.getMessage());
            return new PointToSite(runtime, null);
        }
        if (settings.isEmpty()) {
            return new PointToSite(runtime, null);
        }
        SstpServer server = SstpServer.start(settings.get(), runtime::writeToTun);
        runtime.attachPointToSite(server::deliver);
        LinkConfigurator link = LinkConfigurator.inCurrentNamespace();
        for (String prefix : settings.get().addressPool()) {
            link.replaceRoute(Ipv4Prefix.parse(prefix), runtime.tunName());
        }
        LOG.info("point-to-site SSTP on {}:{} for pool {}", bindAddress, server.port(), settings.get().addressPool());
        return new PointToSite(runtime, server);
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
        if (server != null) {
            runtime.attachPointToSite(null);
            server.close();
        }
    }
}
