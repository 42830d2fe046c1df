package io.vpngw.gateway.interop;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One CHILD_SA of a {@link StrongSwanConnection}, in swanctl.conf terms.
 *
 * @param name          the child's name, used with {@code swanctl --initiate --child}
 * @param localTs       local traffic selectors, e.g. {@code 10.1.0.0/16}
 * @param remoteTs      remote traffic selectors
 * @param espProposals  ESP proposals in strongSwan syntax, most preferred first, e.g.
 *                      {@code aes256gcm16-x25519} (a key exchange group makes it PFS)
 * @param startAction   what charon does with the child once loaded
 * @param dpdAction     what charon does with the child when DPD declares the peer dead
 * @param rekeyTime     seconds until the CHILD_SA is rekeyed; zero disables rekeying
 * @param rekeyBytes    bytes until the CHILD_SA is rekeyed; zero disables volume-based rekeying
 */
public record StrongSwanChild(String name, List<String> localTs, List<String> remoteTs, List<String> espProposals,
                              StartAction startAction, DpdAction dpdAction, Duration rekeyTime, long rekeyBytes) {

    /** swanctl.conf's start_action. */
    public enum StartAction { NONE, TRAP, START }

    /** swanctl.conf's dpd_action. */
    public enum DpdAction { CLEAR, TRAP, RESTART }

    public StrongSwanChild {
        SwanctlSyntax.requireName(name);
        localTs = List.copyOf(localTs);
        remoteTs = List.copyOf(remoteTs);
        espProposals = List.copyOf(espProposals);
        localTs.forEach(Addresses::requireIpv4Cidr);
        remoteTs.forEach(Addresses::requireIpv4Cidr);
        espProposals.forEach(SwanctlSyntax::requireProposal);
        if (localTs.isEmpty() || remoteTs.isEmpty() || espProposals.isEmpty()) {
            throw new IllegalArgumentException("child " + name + " needs traffic selectors on both sides and an ESP proposal");
        }
        Objects.requireNonNull(startAction, "startAction");
        Objects.requireNonNull(dpdAction, "dpdAction");
        SwanctlSyntax.requireNotNegative(rekeyTime, "rekeyTime");
        if (rekeyBytes < 0) {
            throw new IllegalArgumentException("rekeyBytes must not be negative");
        }
    }

    /**
     * A tunnel-mode child between two prefixes with the given ESP proposals, started on demand
     * (start_action none), DPD clearing it, rekeying off.
     */
    public static StrongSwanChild tunnel(String name, String localTs, String remoteTs, String... espProposals) {
        return new StrongSwanChild(name, List.of(localTs), List.of(remoteTs), List.of(espProposals),
                StartAction.NONE, DpdAction.CLEAR, Duration.ZERO, 0);
    }

    public StrongSwanChild withStartAction(StartAction action) {
        return new StrongSwanChild(name, localTs, remoteTs, espProposals, action, dpdAction, rekeyTime, rekeyBytes);
    }

    public StrongSwanChild withDpdAction(DpdAction action) {
        return new StrongSwanChild(name, localTs, remoteTs, espProposals, startAction, action, rekeyTime, rekeyBytes);
    }

    public StrongSwanChild withRekey(Duration time, long bytes) {
        return new StrongSwanChild(name, localTs, remoteTs, espProposals, startAction, dpdAction, time, bytes);
    }
}
