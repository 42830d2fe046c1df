package io.vpngw.gateway.interop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One IKEv2 connection of a {@link StrongSwanSite} with pre-shared-key authentication, in
 * swanctl.conf terms. UDP encapsulation of ESP is always on: the only IPsec backend available
 * here is kernel-libipsec, and it does ESP in UDP only.
 *
 * @param name          the connection's name, used with {@code swanctl --initiate --ike}
 * @param localAddress  the IKE address of this site
 * @param remoteAddress the IKE address of the peer; {@code %any} lets any peer in (responders)
 * @param localId       this site's IKE identity
 * @param remoteId      the identity the peer must present
 * @param preSharedKey  the PSK both sides hold (its UTF-8 bytes are the key)
 * @param ikeProposals  IKE proposals in strongSwan syntax, most preferred first, e.g.
 *                      {@code aes256gcm16-prfsha256-x25519}
 * @param dpdDelay      interval of dead peer detection; zero disables it
 * @param rekeyTime     seconds until the IKE_SA is rekeyed; zero disables rekeying
 * @param children      the CHILD_SAs
 */
public record StrongSwanConnection(String name, String localAddress, String remoteAddress, String localId,
                                   String remoteId, String preSharedKey, List<String> ikeProposals,
                                   Duration dpdDelay, Duration rekeyTime, List<StrongSwanChild> children) {

    public StrongSwanConnection {
        SwanctlSyntax.requireName(name);
        SwanctlSyntax.requireAddress(localAddress);
        SwanctlSyntax.requireAddress(remoteAddress);
        SwanctlSyntax.requireIdentity(localId);
        SwanctlSyntax.requireIdentity(remoteId);
        Objects.requireNonNull(preSharedKey, "preSharedKey");
        if (preSharedKey.isEmpty()) {
            throw new IllegalArgumentException("the pre-shared key is empty");
        }
        ikeProposals = List.copyOf(ikeProposals);
        if (ikeProposals.isEmpty()) {
            throw new IllegalArgumentException("connection " + name + " needs an IKE proposal");
        }
        ikeProposals.forEach(SwanctlSyntax::requireProposal);
        SwanctlSyntax.requireNotNegative(dpdDelay, "dpdDelay");
        SwanctlSyntax.requireNotNegative(rekeyTime, "rekeyTime");
        children = List.copyOf(children);
        if (children.stream().map(StrongSwanChild::name).distinct().count() != children.size()) {
            throw new IllegalArgumentException("connection " + name + " has two children of the same name");
        }
    }

    /** A connection with DPD and IKE rekeying off and no children yet. */
    public static StrongSwanConnection psk(String name, String localAddress, String remoteAddress,
                                           String localId, String remoteId, String preSharedKey, String... ikeProposals) {
        return new StrongSwanConnection(name, localAddress, remoteAddress, localId, remoteId, preSharedKey,
                List.of(ikeProposals), Duration.ZERO, Duration.ZERO, List.of());
    }

    public StrongSwanConnection withChild(StrongSwanChild child) {
        List<StrongSwanChild> more = new ArrayList<>(children);
        more.add(child);
        return new StrongSwanConnection(name, localAddress, remoteAddress, localId, remoteId, preSharedKey,
                ikeProposals, dpdDelay, rekeyTime, more);
    }

    public StrongSwanConnection withDpdDelay(Duration delay) {
        return new StrongSwanConnection(name, localAddress, remoteAddress, localId, remoteId, preSharedKey,
                ikeProposals, delay, rekeyTime, children);
    }

    public StrongSwanConnection withRekeyTime(Duration time) {
        return new StrongSwanConnection(name, localAddress, remoteAddress, localId, remoteId, preSharedKey,
                ikeProposals, dpdDelay, time, children);
    }
}
