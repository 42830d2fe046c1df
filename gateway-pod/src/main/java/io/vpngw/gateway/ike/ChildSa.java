package io.vpngw.gateway.ike;

import io.vpngw.gateway.crypto.DirectionalKeys;
import io.vpngw.gateway.ike.message.TrafficSelector;
import io.vpngw.gateway.ike.proposal.ChildSuite;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An ESP Child SA pair as the data plane installs it.
 *
 * @param connection     the connection it belongs to
 * @param inboundSpi     the SPI the peer puts on packets to us
 * @param outboundSpi    the SPI we put on packets to the peer
 * @param suite          the negotiated ESP transforms
 * @param inboundKeys    keys to open packets from the peer
 * @param outboundKeys   keys to seal packets to the peer
 * @param localSelectors traffic on our side
 * @param remoteSelectors traffic on the peer's side
 * @param local          our IKE endpoint, whose address ESP-in-UDP uses
 * @param remote         the peer's IKE endpoint
 * @param lifetime       when the SA is rekeyed
 * @param lifetimeKilobytes traffic after which the data plane should ask for a rekey
 */
public record ChildSa(String connection, int inboundSpi, int outboundSpi, ChildSuite suite,
                      DirectionalKeys inboundKeys, DirectionalKeys outboundKeys,
                      List<TrafficSelector> localSelectors, List<TrafficSelector> remoteSelectors,
                      Endpoint local, Endpoint remote, Duration lifetime, long lifetimeKilobytes) {

    public ChildSa {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(inboundKeys, "inboundKeys");
        Objects.requireNonNull(outboundKeys, "outboundKeys");
        localSelectors = List.copyOf(localSelectors);
        remoteSelectors = List.copyOf(remoteSelectors);
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(lifetime, "lifetime");
    }

    @Override
    public String toString() {
        return "ChildSa[" + connection + " in=" + Integer.toHexString(inboundSpi) + " out="
                + Integer.toHexString(outboundSpi) + " " + suite + "]";
    }
}
