package io.vpngw.gateway.kube;

import io.vpngw.gateway.ike.IkeEvent;
import io.vpngw.gateway.runtime.GatewayRuntime;
import io.vpngw.gateway.status.DataPlaneSnapshot;
import io.vpngw.gateway.status.TunnelState;
import io.vpngw.gateway.status.TunnelStatus;
import io.vpngw.gateway.status.TunnelStatusSource;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link GatewayRuntime} while this instance serves and a configuration is known: started on
 * {@link #startServing()}, closed on {@link #stopServing()}, rebuilt when the configuration changes
 * (the runtime has no in-place reload yet, so a change restarts the tunnels). Tunnel states come
 * from the runtime's IKE events.
 */
final class RuntimeControl implements RoleListener, ConfigurationListener, TunnelStatusSource {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeControl.class);

    private final String bindAddress;
    private final String tunName;
    private final Clock clock;
    private final Map<String, Instant> established = new ConcurrentHashMap<>();
    private final Map<String, TunnelState> states = new ConcurrentHashMap<>();
    private final AtomicLong ikeSucceeded = new AtomicLong();
    private final AtomicLong ikeFailed = new AtomicLong();
    private GatewayConfiguration configuration;
    private boolean serving;
    private GatewayRuntime runtime;
    private volatile boolean failed;

    RuntimeControl(String bindAddress, String tunName, Clock clock) {
        this.bindAddress = bindAddress;
        this.tunName = tunName;
        this.clock = clock;
    }

    @Override
    public synchronized void configurationChanged(GatewayConfiguration next) {
        configuration = next;
        if (serving) {
            stopRuntime();
            startRuntime();
        }
    }

    @Override
    public synchronized void startServing() {
        serving = true;
        startRuntime();
    }

    @Override
    public synchronized void stopServing() {
        serving = false;
        stopRuntime();
    }

    synchronized boolean hasConfiguration() {
        return configuration != null;
    }

    /** Ready to take traffic: configured, and running if this instance serves. */
    synchronized boolean ready() {
        return configuration != null && (!serving || runtime != null);
    }

    /** False once the data plane failed to start: a restart of the pod is the remedy. */
    boolean live() {
        return !failed;
    }

    private void startRuntime() {
        if (configuration == null || runtime != null) {
            return;
        }
        states.clear();
        configuration.config().connections().forEach(c -> states.put(c.name(), TunnelState.Connecting));
        GatewayRuntime next = new GatewayRuntime(configuration.config(),
                new GatewayRuntime.Settings(bindAddress, tunName, configuration.presharedKeys()), this::ikeEvent);
        try {
            next.start();
            runtime = next;
            failed = false;
        } catch (Exception | LinkageError e) {
            LOG.error("the data plane did not start", e);
            next.close();
            failed = true;
        }
    }

    private void stopRuntime() {
        if (runtime != null) {
            runtime.close();
            runtime = null;
        }
        states.replaceAll((name, state) -> TunnelState.NotConnected);
    }

    private void ikeEvent(IkeEvent event) {
        switch (event) {
            case IkeEvent.Established e -> {
                ikeSucceeded.incrementAndGet();
                established.put(e.connection(), clock.instant());
                states.put(e.connection(), TunnelState.Connected);
            }
            case IkeEvent.Failed f -> {
                ikeFailed.incrementAndGet();
                states.put(f.connection(), TunnelState.Connecting);
            }
            case IkeEvent.PeerDead d -> states.put(d.connection(), TunnelState.Connecting);
            case IkeEvent.Deleted d -> states.put(d.connection(), TunnelState.Connecting);
            default -> { }
        }
    }

    @Override
    public DataPlaneSnapshot snapshot() {
        List<TunnelStatus> tunnels = new ArrayList<>();
        states.forEach((name, state) -> tunnels.add(
                new TunnelStatus(name, state, 0, 0, 0, 0, established.get(name), null)));
        boolean running;
        synchronized (this) {
            running = runtime != null;
        }
        return new DataPlaneSnapshot(running, tunnels, Map.of(),
                Map.of("success", ikeSucceeded.get(), "failure", ikeFailed.get()));
    }
}
