package io.vpngw.gateway.ike;

import io.vpngw.gateway.config.ConnectionConfig;
import io.vpngw.gateway.ike.message.IdType;
import io.vpngw.gateway.ike.message.Octets;
import io.vpngw.gateway.ike.message.TrafficSelector;
import io.vpngw.gateway.ike.proposal.CryptoPolicy;
import io.vpngw.gateway.ike.selector.TrafficSelectors;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One connection as the IKE engine runs it, resolved from a {@link ConnectionConfig}.
 *
 * @param name            the connection's name
 * @param mode            who may start the IKE SA
 * @param peer            where to send IKE_SA_INIT when we initiate; empty when the peer's address is unknown
 * @param peerAddresses   addresses whose IKE_SA_INIT requests belong to this connection
 * @param pskKey          the key of the pre-shared key in the secret store
 * @param localIdentity   the IDi/IDr we send
 * @param remoteIdentity  the identity the peer must claim, or empty to accept any (Azure's behaviour)
 * @param policy          proposals and lifetimes
 * @param localSelectors  our side's traffic
 * @param remoteSelectors the peer's side's traffic
 * @param dpdTimeout      how long a silent peer is tolerated
 */
public record ConnectionSettings(String name, Mode mode, Optional<Endpoint> peer, List<InetAddress> peerAddresses,
                                 String pskKey, Identity localIdentity, Optional<Identity> remoteIdentity,
                                 CryptoPolicy policy, List<TrafficSelector> localSelectors,
                                 List<TrafficSelector> remoteSelectors, Duration dpdTimeout) {

    /** Azure's default DPD timeout. */
    public static final Duration DEFAULT_DPD_TIMEOUT = Duration.ofSeconds(45);

    public ConnectionSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(peer, "peer");
        peerAddresses = List.copyOf(peerAddresses);
        Objects.requireNonNull(pskKey, "pskKey");
        Objects.requireNonNull(localIdentity, "localIdentity");
        Objects.requireNonNull(remoteIdentity, "remoteIdentity");
        Objects.requireNonNull(policy, "policy");
        localSelectors = List.copyOf(localSelectors);
        remoteSelectors = List.copyOf(remoteSelectors);
        if (localSelectors.isEmpty() || remoteSelectors.isEmpty()) {
            throw new IllegalArgumentException("a connection needs traffic selectors on both sides");
        }
        if (dpdTimeout.isNegative() || dpdTimeout.isZero()) {
            throw new IllegalArgumentException("DPD timeout must be positive");
        }
    }

    /** Who may start the IKE SA (Azure's connectionMode). */
    public enum Mode {
        DEFAULT,
        RESPONDER_ONLY,
        INITIATOR_ONLY;

        static Mode of(String azureName) {
            return switch (azureName == null ? "" : azureName.toLowerCase(Locale.ROOT)) {
                case "", "default" -> DEFAULT;
                case "responderonly" -> RESPONDER_ONLY;
                case "initiatoronly" -> INITIATOR_ONLY;
                default -> throw new IllegalArgumentException("unknown connection mode " + azureName);
            };
        }

        public boolean mayInitiate() {
            return this != RESPONDER_ONLY;
        }

        public boolean mayRespond() {
            return this != INITIATOR_ONLY;
        }
    }

    /** An IKE identity: an ID type and its data as the ID payload carries them. */
    public record Identity(IdType type, Octets data) {
        public Identity {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(data, "data");
        }

        public static Identity of(InetAddress address) {
            return new Identity(address.getAddress().length == 4 ? IdType.IPV4_ADDR : IdType.IPV6_ADDR,
                    Octets.copyOf(address.getAddress()));
        }

        public static Identity fqdn(String name) {
            return new Identity(IdType.FQDN, Octets.copyOf(name.getBytes(StandardCharsets.US_ASCII)));
        }
    }

    /**
     * Resolves a connection: Azure's IKE port 500, our address as identity, selectors any-to-any
     * for route-based connections, the configured prefix pairs for policy-based ones.
     *
     * @param localAddress      our public address, also our identity
     * @param localAddressSpace the prefixes behind this gateway, for derived policy-based selectors
     */
    public static ConnectionSettings from(ConnectionConfig config, InetAddress localAddress,
                                          List<String> localAddressSpace) {
        List<InetAddress> addresses = new ArrayList<>();
        for (String literal : config.peer().addresses()) {
            addresses.add(TrafficSelectors.addressLiteral(literal));
        }
        List<TrafficSelector> local;
        List<TrafficSelector> remote;
        if (!config.trafficSelectors().isEmpty()) {
            local = TrafficSelectors.fromPrefixes(config.trafficSelectors().stream()
                    .flatMap(pair -> pair.local().stream()).distinct().toList());
            remote = TrafficSelectors.fromPrefixes(config.trafficSelectors().stream()
                    .flatMap(pair -> pair.remote().stream()).distinct().toList());
        } else if (config.usePolicyBasedTrafficSelectors()) {
            local = TrafficSelectors.fromPrefixes(localAddressSpace);
            remote = TrafficSelectors.fromPrefixes(config.peer().prefixes());
        } else {
            local = List.of(TrafficSelector.Ipv4Range.all());
            remote = List.of(TrafficSelector.Ipv4Range.all());
        }
        Optional<Endpoint> peer = addresses.stream().findFirst().map(a -> new Endpoint(a, 500));
        Duration dpd = config.dpdTimeoutSeconds() > 0 ? Duration.ofSeconds(config.dpdTimeoutSeconds()) : DEFAULT_DPD_TIMEOUT;
        return new ConnectionSettings(config.name(), Mode.of(config.mode()), peer, addresses, config.pskKey(),
                Identity.of(localAddress), Optional.empty(), CryptoPolicy.of(config), local, remote, dpd);
    }

    /** The DPD probe interval: a third of the timeout, leaving the rest for retransmissions. */
    public Duration dpdInterval() {
        return dpdTimeout.dividedBy(3);
    }
}
