package io.vpngw.gateway.ppp;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The IP Control Protocol (RFC 1332) with the DNS options of RFC 1877. The gateway's side
 * ({@link #forGateway}) names its own address and gives the client the address allocated to the
 * session and the configured DNS servers, correcting whatever the client asks for with Naks;
 * the client's side ({@link #forClient}) asks for 0.0.0.0 and takes what it is told.
 * Addresses are IPv4 as {@code int}s; 0 means none.
 */
public final class Ipcp extends OptionNegotiation {
    public static final int IP_COMPRESSION = 2;
    public static final int IP_ADDRESS = 3;
    public static final int PRIMARY_DNS = 129;
    public static final int SECONDARY_DNS = 131;

    /** What IPCP tells its link when it opens: both ends' addresses and the DNS servers learnt or given. */
    public interface Events {
        void ipcpUp(int localAddress, int peerAddress, int primaryDns, int secondaryDns);

        void ipcpFinished(String reason);
    }

    private final boolean gateway;
    private final Events events;
    private int localAddress;
    private int peerAddress;
    private final int[] dns = new int[2];
    private final boolean[] askDns = {true, true};

    private Ipcp(boolean gateway, int localAddress, int peerAddress, int primaryDns, int secondaryDns,
                 Consumer<byte[]> output, PppTimers timers, Events events) {
        super("IPCP", PppFrame.IPCP, output, timers);
        this.gateway = gateway;
        this.localAddress = localAddress;
        this.peerAddress = peerAddress;
        this.dns[0] = primaryDns;
        this.dns[1] = secondaryDns;
        this.events = events;
    }

    /** The gateway's side: its address on the link, the client's allocated address, DNS servers (0 for none). */
    public static Ipcp forGateway(int gatewayAddress, int clientAddress, int primaryDns, int secondaryDns,
                                  Consumer<byte[]> output, PppTimers timers, Events events) {
        return new Ipcp(true, gatewayAddress, clientAddress, primaryDns, secondaryDns, output, timers, events);
    }

    /** The client's side: it learns its address and DNS servers. */
    public static Ipcp forClient(Consumer<byte[]> output, PppTimers timers, Events events) {
        return new Ipcp(false, 0, 0, 0, 0, output, timers, events);
    }

    @Override
    protected List<ConfigOption> ourOptions() {
        List<ConfigOption> options = new ArrayList<>();
        options.add(ConfigOption.ofInt(IP_ADDRESS, localAddress));
        if (!gateway) {
            if (askDns[0]) {
                options.add(ConfigOption.ofInt(PRIMARY_DNS, dns[0]));
            }
            if (askDns[1]) {
                options.add(ConfigOption.ofInt(SECONDARY_DNS, dns[1]));
            }
        }
        return options;
    }

    @Override
    protected void judge(ConfigOption o, Judge judge) {
        if (o.value().length != 4 && (o.type() == IP_ADDRESS || o.type() == PRIMARY_DNS || o.type() == SECONDARY_DNS)) {
            judge.reject(o);
            return;
        }
        int value = (int) o.number();
        switch (o.type()) {
            case IP_ADDRESS -> {
                if (gateway) {
                    if (value != peerAddress) {
                        judge.nak(ConfigOption.ofInt(IP_ADDRESS, peerAddress));
                    }
                } else if (value == 0) {
                    judge.reject(o); // a gateway must name its end of the link
                } else {
                    peerAddress = value;
                }
            }
            case PRIMARY_DNS, SECONDARY_DNS -> {
                int index = o.type() == PRIMARY_DNS ? 0 : 1;
                if (!gateway || dns[index] == 0) {
                    judge.reject(o);
                } else if (value != dns[index]) {
                    judge.nak(ConfigOption.ofInt(o.type(), dns[index]));
                }
            }
            default -> judge.reject(o); // IP-Compression (no VJ over SSTP), NBNS, the deprecated IP-Addresses
        }
    }

    @Override
    protected boolean naked(List<ConfigOption> suggestions) {
        if (gateway) {
            return true; // the gateway's own address is not negotiable: ask again, Max-Failure bounds it
        }
        for (ConfigOption o : suggestions) {
            if (o.value().length != 4) {
                continue;
            }
            switch (o.type()) {
                case IP_ADDRESS -> localAddress = (int) o.number();
                case PRIMARY_DNS -> dns[0] = (int) o.number();
                case SECONDARY_DNS -> dns[1] = (int) o.number();
                default -> { }
            }
        }
        return true;
    }

    @Override
    protected boolean rejected(List<ConfigOption> options) {
        for (ConfigOption o : options) {
            switch (o.type()) {
                case IP_ADDRESS -> {
                    close("the peer refuses to exchange IP addresses");
                    return false;
                }
                case PRIMARY_DNS -> askDns[0] = false;
                case SECONDARY_DNS -> askDns[1] = false;
                default -> { }
            }
        }
        return true;
    }

    @Override
    protected void up(List<ConfigOption> ours, List<ConfigOption> peers) {
        if (!gateway && localAddress == 0) {
            close("the gateway acknowledged no address for the client");
            return;
        }
        events.ipcpUp(localAddress, peerAddress, gateway ? dns[0] : (askDns[0] ? dns[0] : 0),
                gateway ? dns[1] : (askDns[1] ? dns[1] : 0));
    }

    @Override
    protected void finished(String reason) {
        events.ipcpFinished(reason);
    }
}
