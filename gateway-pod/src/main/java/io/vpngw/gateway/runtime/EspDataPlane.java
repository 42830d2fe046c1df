package io.vpngw.gateway.runtime;

import io.vpngw.gateway.crypto.esp.EspCipher;
import io.vpngw.gateway.crypto.esp.EspSealException;
import io.vpngw.gateway.crypto.esp.EspVerdict;
import io.vpngw.gateway.crypto.esp.OpenedPacket;
import io.vpngw.gateway.esp.InboundSa;
import io.vpngw.gateway.esp.InboundVerdict;
import io.vpngw.gateway.esp.LifetimePolicy;
import io.vpngw.gateway.esp.OutboundSa;
import io.vpngw.gateway.esp.OutboundSequence;
import io.vpngw.gateway.esp.ReplayVerdict;
import io.vpngw.gateway.esp.ReplayWindow;
import io.vpngw.gateway.esp.SaDatabase;
import io.vpngw.gateway.esp.SaExpiryListener;
import io.vpngw.gateway.ike.ChildSa;
import io.vpngw.gateway.ike.ChildSaListener;
import io.vpngw.gateway.net.Ipv4Endpoint;
import io.vpngw.gateway.ike.message.TrafficSelector;
import io.vpngw.gateway.routing.InnerPacketRouter;
import io.vpngw.gateway.routing.Ipv4Selector;
import io.vpngw.gateway.routing.SaSelectors;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToIntFunction;

/**
 * The ESP packet path between the TUN device and UDP port 4500.
 *
 * <pre>
 *  outbound:  TUN read ─► route (prefix → tunnel) ─► tunnel's outbound SA ─► sequence number
 *             ─► seal in place (header written into the headroom) ─► UDP 4500 to the peer
 *  inbound:   UDP 4500 ─► SPI ─► inbound SA ─► replay pre-check ─► open in place (ICV first)
 *             ─► replay accept ─► selector check ─► TUN write
 * </pre>
 *
 * <p>One thread runs each direction; each SA's cipher is used by that direction's thread only, so
 * no cipher is shared. Negotiated SAs arrive from the IKE thread through {@link ChildSaListener}.
 * No allocation per packet: buffers are the callers', state lives in the SAs.
 */
final class EspDataPlane implements ChildSaListener {
    /** Inner IPv4 packets go in at this offset, leaving room for the ESP header in front. */
    static final int HEADROOM = 64;
    private static final int IPV4 = 4;

    private final SaDatabase<EspCipher> sad;
    private final InnerPacketRouter router;
    /** A connection's tunnel id, or -1 for a connection this gateway does not run (IKE thread). */
    private final ToIntFunction<String> tunnelIds;
    private final AtomicReferenceArray<Ipv4Endpoint> peers;
    /** Per tunnel inner traffic: the outbound thread writes {@code egress}, the inbound thread {@code ingress}. */
    private final TunnelCounters egress;
    private final TunnelCounters ingress;
    private final SecureRandom random;
    private final SaExpiryListener expiry;
    private final Map<PacketDrop, LongAdder> drops = new EnumMap<>(PacketDrop.class);
    private final LongAdder packetsOut = new LongAdder();
    private final LongAdder packetsIn = new LongAdder();
    private final OpenedPacket opened = new OpenedPacket();
    /** Per tunnel, the outbound SAs negotiated and not yet deleted, newest last (IKE thread only). */
    private final Map<Integer, java.util.ArrayDeque<OutboundSa<EspCipher>>> liveOutbound = new java.util.HashMap<>();

    /**
     * @param tunnelIds the tunnel id of a connection, -1 when it has none
     * @param capacity  tunnel ids run from 0 to {@code capacity - 1}
     */
    EspDataPlane(SaDatabase<EspCipher> sad, InnerPacketRouter router, ToIntFunction<String> tunnelIds, int capacity,
                 SecureRandom random, SaExpiryListener expiry) {
        this.sad = sad;
        this.router = router;
        this.tunnelIds = tunnelIds;
        this.peers = new AtomicReferenceArray<>(capacity);
        this.egress = new TunnelCounters(capacity);
        this.ingress = new TunnelCounters(capacity);
        this.random = random;
        this.expiry = expiry;
        for (PacketDrop d : PacketDrop.values()) {
            drops.put(d, new LongAdder());
        }
    }

    // ---- negotiated SAs (IKE thread) -------------------------------------------------------

    @Override
    public void installed(ChildSa sa) {
        int tunnel = tunnelIds.applyAsInt(sa.connection());
        if (tunnel < 0) {
            return;
        }
        boolean esn = sa.suite().extendedSequenceNumbers();
        var limits = LifetimePolicy.fromAzurePolicy(sa.lifetime().toSeconds(), Math.max(1024, sa.lifetimeKilobytes())).draw(random);
        EspCipher in = EspCipher.create(sa.suite().protection(), sa.inboundKeys(), sa.inboundSpi(), esn, random);
        EspCipher out = EspCipher.create(sa.suite().protection(), sa.outboundKeys(), sa.outboundSpi(), esn, random);
        sad.installInbound(new InboundSa<>(sa.inboundSpi(), tunnel, in, ReplayWindow.withDefaultSize(esn),
                sad.startLifetime(limits), selectors(sa), expiry));
        peers.set(tunnel, new Ipv4Endpoint(toInt(sa.remote().address().getAddress()), sa.remote().port()));
        OutboundSa<EspCipher> outbound = new OutboundSa<>(sa.outboundSpi(), tunnel, out, OutboundSequence.forNewSa(esn),
                sad.startLifetime(limits), expiry);
        liveOutbound.computeIfAbsent(tunnel, t -> new java.util.ArrayDeque<>()).addLast(outbound);
        sad.installOutbound(outbound);
    }

    @Override
    public void deleted(ChildSa sa, ChildSaDeletion reason) {
        if (reason == ChildSaDeletion.REKEYED) {
            // the replacement is installed; late packets under the old SPI are still accepted a while
            sad.retireInbound(sa.inboundSpi(), SaDatabase.DEFAULT_REKEY_GRACE);
        } else {
            sad.removeInbound(sa.inboundSpi());
        }
        int tunnel = tunnelIds.applyAsInt(sa.connection());
        if (tunnel < 0) {
            return;
        }
        var live = liveOutbound.getOrDefault(tunnel, new java.util.ArrayDeque<>());
        live.removeIf(o -> o.spi() == sa.outboundSpi());
        OutboundSa<EspCipher> current = sad.outbound(tunnel);
        if (current != null && current.spi() == sa.outboundSpi()) {
            // another SA of the tunnel may still be up (e.g. after simultaneous initiation): send on it
            if (live.isEmpty()) {
                sad.removeOutbound(current);
            } else {
                sad.installOutbound(live.peekLast());
            }
        }
    }

    /**
     * Takes every SA of a tunnel out of the packet path at once (its connection was removed or
     * changed, or the instance stopped serving); the IKE Deletes that follow find nothing left.
     */
    void removeTunnel(int tunnel) {
        sad.removeTunnel(tunnel);
        liveOutbound.remove(tunnel);
        peers.set(tunnel, null);
    }

    /** Inner packets and bytes sent into and received from a tunnel, for status (any thread). */
    long packetsOut(int tunnel) {
        return egress.packets(tunnel);
    }

    long bytesOut(int tunnel) {
        return egress.bytes(tunnel);
    }

    long packetsIn(int tunnel) {
        return ingress.packets(tunnel);
    }

    long bytesIn(int tunnel) {
        return ingress.bytes(tunnel);
    }

    /** What the SA was negotiated for, enforced on every decrypted packet (RFC 4301 §5.2). */
    static SaSelectors selectors(ChildSa sa) {
        List<Ipv4Selector> local = ipv4(sa.localSelectors());
        List<Ipv4Selector> remote = ipv4(sa.remoteSelectors());
        return local.isEmpty() || remote.isEmpty() ? SaSelectors.any() : new SaSelectors(local, remote);
    }

    private static List<Ipv4Selector> ipv4(List<TrafficSelector> selectors) {
        List<Ipv4Selector> out = new ArrayList<>();
        for (TrafficSelector ts : selectors) {
            if (ts instanceof TrafficSelector.Ipv4Range r) {
                out.add(new Ipv4Selector(toInt(r.startAddress().getAddress()), toInt(r.endAddress().getAddress()),
                        r.ipProtocol(), r.startPort(), r.endPort()));
            }
        }
        return out;
    }

    private static int toInt(byte[] a) {
        return ((a[0] & 0xff) << 24) | ((a[1] & 0xff) << 16) | ((a[2] & 0xff) << 8) | (a[3] & 0xff);
    }

    // ---- outbound (TUN thread) -------------------------------------------------------------

    /** Where the last {@link #seal} put its ESP packet and where it goes (outbound thread only). */
    private int sealedOffset;
    private Ipv4Endpoint sealedPeer;

    /**
     * Seals the inner packet at {@code buffer[HEADROOM, HEADROOM + length)} for its tunnel.
     *
     * @return the ESP packet's length, starting at {@link #sealedOffset()}, for {@link #sealedPeer()};
     *         -1 when the packet was dropped (and counted)
     */
    int seal(byte[] buffer, int length) {
        int tunnel = router.route(buffer, HEADROOM, length);
        if (tunnel < 0) {
            drops.get(PacketDrop.NO_ROUTE).increment();
            return -1;
        }
        OutboundSa<EspCipher> sa = sad.outbound(tunnel);
        Ipv4Endpoint peer = peers.get(tunnel);
        if (sa == null || peer == null) {
            drops.get(PacketDrop.NO_SA).increment();
            return -1;
        }
        EspCipher cipher = sa.transform();
        long sequence = sa.nextSequence(length);
        if (sequence == OutboundSa.REFUSED) {
            drops.get(PacketDrop.SA_REFUSED).increment();
            return -1;
        }
        int offset = HEADROOM - cipher.headerLength();
        try {
            int sealed = cipher.seal(buffer, offset, length, IPV4, sequence);
            packetsOut.increment();
            egress.count(tunnel, length);
            sealedOffset = offset;
            sealedPeer = peer;
            return sealed;
        } catch (EspSealException e) {
            drops.get(PacketDrop.SA_REFUSED).increment();
            return -1;
        }
    }

    int sealedOffset() {
        return sealedOffset;
    }

    Ipv4Endpoint sealedPeer() {
        return sealedPeer;
    }

    // ---- inbound (UDP 4500 thread) ---------------------------------------------------------

    /**
     * Verifies and decrypts the ESP packet at {@code buffer[offset, offset + length)} in place.
     *
     * @return the inner packet as {@code (offset << 32) | length}, or -1 when dropped (and counted)
     */
    long open(byte[] buffer, int offset, int length) {
        if (length < 8) {
            drops.get(PacketDrop.MALFORMED).increment();
            return -1;
        }
        int spi = readInt(buffer, offset);
        InboundSa<EspCipher> sa = sad.inbound(spi);
        if (sa == null) {
            drops.get(PacketDrop.UNKNOWN_SPI).increment();
            return -1;
        }
        long sequence = sa.sequenceFor(readInt(buffer, offset + 4));
        if (sa.checkReplay(sequence) != ReplayVerdict.FRESH) {
            drops.get(PacketDrop.REPLAY).increment();
            return -1;
        }
        if (sa.transform().open(buffer, offset, length, (int) (sequence >>> 32), opened) != EspVerdict.OPENED) {
            drops.get(PacketDrop.INTEGRITY).increment();
            return -1;
        }
        if (sa.acceptAuthenticated(sequence, opened.payloadLength()) != InboundVerdict.ACCEPTED) {
            drops.get(PacketDrop.REPLAY).increment();
            return -1;
        }
        if (opened.nextHeader() != IPV4 || !sa.admitsInnerPacket(buffer, opened.payloadOffset(), opened.payloadLength())) {
            drops.get(PacketDrop.SELECTOR).increment();
            return -1;
        }
        packetsIn.increment();
        ingress.count(sa.tunnelId(), opened.payloadLength());
        return ((long) opened.payloadOffset() << 32) | opened.payloadLength();
    }

    void drop(PacketDrop reason) {
        drops.get(reason).increment();
    }

    long drops(PacketDrop reason) {
        return drops.get(reason).sum();
    }

    long packetsOut() {
        return packetsOut.sum();
    }

    long packetsIn() {
        return packetsIn.sum();
    }

    private static int readInt(byte[] b, int o) {
        return ((b[o] & 0xff) << 24) | ((b[o + 1] & 0xff) << 16) | ((b[o + 2] & 0xff) << 8) | (b[o + 3] & 0xff);
    }
}
