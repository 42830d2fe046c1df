package io.vpngw.gateway.kube;

import io.vpngw.gateway.runtime.GatewayRuntime;
import io.vpngw.gateway.runtime.PointToSite;
import io.vpngw.gateway.sstp.PointToSiteSettings;
import io.vpngw.gateway.status.DataPlaneSnapshot;
import io.vpngw.gateway.status.TunnelState;
import io.vpngw.gateway.status.TunnelStatus;
import io.vpngw.gateway.status.TunnelStatusSource;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link GatewayRuntime} warm from the first configuration on, serving or not: a standby
 * instance has its TUN open and sockets bound but sends and answers no IKE, so taking over only
 * brings the tunnels up ({@link #startServing()}), and handing over closes them with IKE Deletes
 * while the runtime stays ready ({@link #stopServing()}). A new configuration is applied in place
 * ({@link GatewayRuntime#apply}): unchanged connections keep their tunnels. Only a configuration
 * the warm runtime cannot hold (more tunnels than it was sized for, after a SKU change) rebuilds it.
 */
final class RuntimeControl implements RoleListener, ConfigurationListener, TunnelStatusSource {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeControl.class);

    private final String bindAddress;
    private final String tunName;
    private GatewayConfiguration configuration;
    /** The configuration the running runtime and point-to-site were built or last reloaded from. */
    private GatewayConfiguration configurationApplied;
    private boolean serving;
    private volatile GatewayRuntime runtime;
    /** Point-to-site beside the runtime; rebuilt when its inputs change (its clients reconnect). */
    private volatile PointToSite pointToSite;
    private volatile boolean failed;

    RuntimeControl(String bindAddress, String tunName) {
        this.bindAddress = bindAddress;
        this.tunName = tunName;
    }

    @Override
    public synchronized void configurationChanged(GatewayConfiguration next) {
        configuration = next;
        GatewayRuntime current = runtime;
        if (current != null && fits(current, next)) {
            try {
                GatewayConfiguration previous = configurationApplied;
                GatewayRuntime.Reload reload = current.apply(next.config(), next.presharedKeys());
                LOG.info("configuration generation {} applied in place: {}", next.config().generation(), reload);
                if (previous == null || pointToSiteChanged(previous, next)) {
                    restartPointToSite(current);
                }
                configurationApplied = next;
                return;
            } catch (RuntimeException e) {
                LOG.error("applying the configuration in place failed; rebuilding the data plane", e);
            }
        }
        if (current != null) {
            closeRuntime();
        }
        openRuntime();
    }

    private static boolean pointToSiteChanged(GatewayConfiguration previous, GatewayConfiguration next) {
        return !java.util.Objects.equals(previous.config().pointToSite(), next.config().pointToSite())
                || !previous.config().limits().equals(next.config().limits())
                || !previous.config().sku().equals(next.config().sku())
                || !previous.pointToSiteKeys().equals(next.pointToSiteKeys());
    }

    private void restartPointToSite(GatewayRuntime current) {
        if (pointToSite != null) {
            pointToSite.close();
            pointToSite = null;
        }
        try {
            pointToSite = PointToSite.start(current, configuration.config(), configuration.pointToSiteKeys(), bindAddress,
                    PointToSiteSettings.SSTP_PORT);
        } catch (java.io.IOException | RuntimeException e) {
            LOG.error("point-to-site SSTP did not start; site-to-site goes on", e);
        }
    }

    private static boolean fits(GatewayRuntime runtime, GatewayConfiguration next) {
        return next.config().connections().size() <= runtime.tunnelCapacity()
                && next.config().limits().siteToSiteTunnels() <= runtime.tunnelCapacity();
    }

    @Override
    public synchronized void startServing() {
        serving = true;
        if (runtime == null) {
            openRuntime();
        } else {
            runtime.startServing();
        }
    }

    @Override
    public synchronized void stopServing() {
        serving = false;
        if (runtime != null) {
            try {
                runtime.stopServing();
            } catch (RuntimeException e) {
                LOG.error("closing the tunnels failed; rebuilding the data plane cold", e);
                closeRuntime();
                openRuntime();
            }
        }
    }

    synchronized boolean hasConfiguration() {
        return configuration != null;
    }

    /** Ready to take traffic: configured, and the data plane built (warm, whether serving or not). */
    synchronized boolean ready() {
        return configuration != null && runtime != null;
    }

    /** False once the data plane failed to start: a restart of the pod is the remedy. */
    boolean live() {
        return !failed;
    }

    /** Builds the runtime warm and serves if this instance should. */
    private void openRuntime() {
        if (configuration == null) {
            return;
        }
        GatewayRuntime next = new GatewayRuntime(configuration.config(),
                new GatewayRuntime.Settings(bindAddress, tunName, configuration.presharedKeys()), e -> { });
        try {
            next.open();
            if (serving) {
                next.startServing();
            }
            runtime = next;
            configurationApplied = configuration;
            restartPointToSite(next);
            failed = false;
        } catch (Exception | LinkageError e) {
            LOG.error("the data plane did not start", e);
            next.close();
            failed = true;
        }
    }

    /** Closes the tunnels (IKE Deletes) and the runtime: the instance is going away. */
    synchronized void close() {
        serving = false;
        closeRuntime();
    }

    private void closeRuntime() {
        if (pointToSite != null) {
            pointToSite.close();
            pointToSite = null;
        }
        GatewayRuntime current = runtime;
        runtime = null;
        if (current != null) {
            if (current.serving()) {
                try {
                    current.stopServing();
                } catch (RuntimeException e) {
                    LOG.warn("closing the tunnels before the rebuild: {}", e.getMessage());
                }
            }
            current.close();
        }
    }

    @Override
    public DataPlaneSnapshot snapshot() {
        GatewayRuntime current = runtime;
        if (current != null) {
            DataPlaneSnapshot s2s = current.snapshot();
            PointToSite p2s = pointToSite;
            if (p2s == null) {
                return s2s;
            }
            Map<String, Integer> sessions = new java.util.HashMap<>();
            Map<String, Long> refusals = new java.util.HashMap<>();
            p2s.counters().ifPresent(c -> {
                sessions.put("SSTP", c.activeSessions());
                refusals.putAll(c.refusals());
            });
            Map<String, Long> bytes = new java.util.HashMap<>();
            p2s.counters().ifPresent(c -> {
                bytes.put("SSTP/in", c.bytesFromClients());
                bytes.put("SSTP/out", c.bytesToClients());
            });
            int ikev2 = current.roadWarriorTunnels().size();
            Map<String, Long> roadWarriors = current.roadWarriorBytes();
            if (ikev2 > 0 || roadWarriors.get("in") > 0 || roadWarriors.get("out") > 0) {
                sessions.put("IKEv2", ikev2);
                bytes.put("IKEv2/in", roadWarriors.get("in"));
                bytes.put("IKEv2/out", roadWarriors.get("out"));
            }
            return sessions.isEmpty() ? s2s : s2s.withPointToSite(sessions, refusals).withPointToSiteBytes(bytes);
        }
        GatewayConfiguration known;
        synchronized (this) {
            known = configuration;
        }
        if (known == null) {
            return DataPlaneSnapshot.STOPPED;
        }
        return new DataPlaneSnapshot(false, known.config().connections().stream()
                .map(c -> new TunnelStatus(c.name(), TunnelState.NotConnected, 0, 0, 0, 0, null, null)).toList(),
                Map.of(), Map.of());
    }
}
