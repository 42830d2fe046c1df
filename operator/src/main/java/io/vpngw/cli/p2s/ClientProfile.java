package io.vpngw.cli.p2s;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a point-to-site client needs to know about a gateway, from the VirtualNetworkGateway or
 * from flags.
 *
 * @param name          the connection's name on the client (letters, digits, dash, underscore)
 * @param servers       the gateway's public addresses (two when active-active), first preferred
 * @param addressSpace  prefixes behind the gateway, routed into the tunnel (split tunnelling)
 * @param pool          the client address pool (informational: the gateway assigns from it)
 * @param sstp          whether the gateway offers SSTP
 * @param ikev2         whether the gateway offers IKEv2
 * @param caPem         the CA the gateway's server certificate chains to, when known
 */
record ClientProfile(String name, List<String> servers, List<String> addressSpace, List<String> pool, boolean sstp, boolean ikev2,
                     Optional<String> caPem) {
    ClientProfile {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,62}")) {
            throw new IllegalArgumentException("the profile name '" + name + "' may have letters, digits, dash and underscore only");
        }
        servers = List.copyOf(servers);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no server address: the gateway has no public address yet (status.publicIpAddresses) — give --server");
        }
        servers.forEach(ClientProfile::requirePlain);
        addressSpace = List.copyOf(addressSpace);
        addressSpace.forEach(ClientProfile::requirePlain);
        pool = List.copyOf(pool);
        if (!sstp && !ikev2) {
            throw new IllegalArgumentException("no protocol: the profile needs SSTP, IkeV2 or both");
        }
        Objects.requireNonNull(caPem, "caPem");
    }

    String server() {
        return servers.getFirst();
    }

    String caFileName() {
        return name + "-ca.pem";
    }

    /** Addresses and prefixes end up in PowerShell strings and swanctl values: no quotes, spaces or braces. */
    private static void requirePlain(String value) {
        if (!value.matches("[A-Za-z0-9.:/_-]+")) {
            throw new IllegalArgumentException("'" + value + "' is not an address, name or prefix");
        }
    }
}
