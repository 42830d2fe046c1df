package io.vpngw.gateway.kube;

import io.vpngw.gateway.status.DataPlaneSnapshot;
import io.vpngw.gateway.status.NegotiatedAlgorithms;
import io.vpngw.gateway.status.TunnelState;
import io.vpngw.gateway.status.TunnelStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices what a user should hear about at once — this instance's role changing, a tunnel coming
 * up or going down — by comparing the role and the data plane's tunnel states every
 * {@code period}: each change becomes an Event on the gateway and asks the status reporter to
 * write now rather than at its next tick (so the Connection's status follows within a second).
 * Counters alone (bytes) are left to the reporter's own period.
 */
public final class InstanceChangeNotifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceChangeNotifier.class);

    private final String instance;
    private final Supplier<InstanceRole> role;
    private final Supplier<DataPlaneSnapshot> dataPlane;
    private final GatewayEvents events;
    private final Runnable reportNow;
    private final Duration period;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("vpngw-changes").unstarted(r));
    // only on the executor's thread
    private InstanceRole lastRole;
    private final Map<String, TunnelState> lastStates = new HashMap<>();

    public InstanceChangeNotifier(String instance, Supplier<InstanceRole> role, Supplier<DataPlaneSnapshot> dataPlane,
                                  GatewayEvents events, Runnable reportNow, Duration period) {
        this.instance = instance;
        this.role = role;
        this.dataPlane = dataPlane;
        this.events = events;
        this.reportNow = reportNow;
        this.period = period;
    }

    public InstanceChangeNotifier start() {
        executor.scheduleWithFixedDelay(this::check, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void check() {
        try {
            boolean changed = checkRole(role.get());
            for (TunnelStatus t : dataPlane.get().tunnels()) {
                TunnelState before = lastStates.put(t.connection(), t.state());
                if (before != t.state()) {
                    changed = true;
                    tunnelChanged(t, before);
                }
            }
            if (changed) {
                reportNow.run();
            }
        } catch (RuntimeException e) {
            LOG.error("checking for changes failed", e);
        }
    }

    private boolean checkRole(InstanceRole now) {
        InstanceRole before = lastRole;
        lastRole = now;
        if (before == null || before == now) {
            return before == null;
        }
        switch (now) {
            case ACTIVE -> events.normal("InstanceActive", "instance " + instance + " is active"
                    + (before == InstanceRole.ACTIVE_UNCONFIRMED ? " (its Lease renewed again)" : " and serves the gateway's tunnels"));
            case ACTIVE_UNCONFIRMED -> events.warning("LeaseNotRenewed", "instance " + instance
                    + " could not renew its Lease; it keeps serving until another instance is seen to hold it");
            case STANDBY -> events.normal("InstanceStandby", "instance " + instance + " is standby");
        }
        return true;
    }

    private void tunnelChanged(TunnelStatus t, TunnelState before) {
        if (t.state() == TunnelState.Connected) {
            events.normal("TunnelConnected", "connection " + t.connection() + " connected on instance " + instance
                    + describe(t.algorithms()));
        } else if (before == TunnelState.Connected) {
            events.warning("TunnelDisconnected", "connection " + t.connection() + " is " + t.state()
                    + " on instance " + instance);
        }
    }

    private static String describe(NegotiatedAlgorithms a) {
        if (a == null) {
            return "";
        }
        StringBuilder s = new StringBuilder(" (IKE ").append(a.ikeEncryption());
        if (a.ikeIntegrity() != null) {
            s.append('/').append(a.ikeIntegrity());
        }
        s.append(' ').append(a.dhGroup()).append(", ESP ").append(a.ipsecEncryption());
        if (a.ipsecIntegrity() != null) {
            s.append('/').append(a.ipsecIntegrity());
        }
        return s.append(')').toString();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
