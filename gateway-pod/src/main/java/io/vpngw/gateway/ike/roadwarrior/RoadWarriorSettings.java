package io.vpngw.gateway.ike.roadwarrior;

import io.vpngw.gateway.ike.ConnectionSettings;
import java.net.Inet4Address;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the engine answers IKEv2 point-to-site clients: any source address not claimed by a
 * site-to-site connection, certificate authentication both ways, a virtual address by CP.
 *
 * @param template     proposals, our traffic selectors (the gateway's address space), DPD and the
 *                     name prefix; each client's SA runs under a copy named {@code name/virtual-ip}
 *                     whose remote selector is the virtual address
 * @param key          the private key of our certificate
 * @param chain        our certificate first, then any intermediates (not the root)
 * @param roots        the client roots, named in our CERTREQ
 * @param clients      the check of the client's chain: empty when accepted, else why not
 * @param addresses    where virtual addresses come from
 * @param dns          DNS servers for the CFG_REPLY; may be empty
 * @param sessions     the SKU's session limit
 */
public record RoadWarriorSettings(ConnectionSettings template, PrivateKey key, List<X509Certificate> chain,
                                  List<X509Certificate> roots, CertificateCheck clients, AddressLeases addresses,
                                  List<Inet4Address> dns, SessionSlots sessions) {

    public RoadWarriorSettings {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(key, "key");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("the gateway needs its certificate for IKEv2 point-to-site");
        }
        roots = List.copyOf(roots);
        Objects.requireNonNull(clients, "clients");
        Objects.requireNonNull(addresses, "addresses");
        dns = List.copyOf(dns);
        Objects.requireNonNull(sessions, "sessions");
    }

    /** Checks a client's chain as presented, its own certificate first. */
    @FunctionalInterface
    public interface CertificateCheck {
        /** Empty when the chain is accepted, otherwise the reason for the refusal. */
        Optional<String> refusal(List<X509Certificate> presented);
    }

    /** Virtual addresses, shared with whatever else hands out addresses from the same pool. */
    public interface AddressLeases {
        Optional<Inet4Address> allocate();

        void release(Inet4Address address);
    }
}
