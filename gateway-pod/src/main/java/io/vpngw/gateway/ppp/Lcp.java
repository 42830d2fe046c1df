package io.vpngw.gateway.ppp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The Link Control Protocol (RFC 1661) for a link over SSTP. The authenticator (the gateway)
 * asks for EAP (RFC 3748 §2, protocol 0xC227) and will not authenticate itself; the peer (the
 * client) accepts EAP and counter-proposes it for anything else. Both send a magic number and
 * detect a looped-back link by it; MRU is accepted from 68 octets; address/control and protocol
 * field compression are refused (an SSTP record has no use for them); ACCM is meaningless
 * without HDLC and acknowledged.
 */
public final class Lcp extends OptionNegotiation {
    public static final int MRU = 1;
    public static final int ACCM = 2;
    public static final int AUTHENTICATION_PROTOCOL = 3;
    public static final int MAGIC_NUMBER = 5;
    public static final int PROTOCOL_REJECT = 8;
    public static final int ECHO_REQUEST = 9;
    public static final int ECHO_REPLY = 10;
    public static final int DISCARD_REQUEST = 11;

    public static final int DEFAULT_MRU = 1500;
    static final int MIN_MRU = 68;

    /** What LCP tells its link. */
    public interface Events {
        void lcpUp(int peerMru);

        void lcpFinished(String reason);

        void echoReplied(byte[] data);
    }

    public enum Role { AUTHENTICATOR, PEER }

    private final Role role;
    private final Events events;
    private final RandomGenerator random;
    private int magic;
    private boolean sendMagic = true;
    private int ourMru;
    private boolean sendMru;
    private int peerMru = DEFAULT_MRU;

    public Lcp(Role role, int mru, Consumer<byte[]> output, PppTimers timers, RandomGenerator random, Events events) {
        super("LCP", PppFrame.LCP, output, timers);
        this.role = role;
        this.events = events;
        this.random = random;
        this.magic = nonZero(random);
        this.ourMru = mru;
        this.sendMru = mru != DEFAULT_MRU;
    }

    private static int nonZero(RandomGenerator random) {
        int m;
        do {
            m = random.nextInt();
        } while (m == 0);
        return m;
    }

    public int magic() {
        return sendMagic ? magic : 0;
    }

    public int peerMru() {
        return peerMru;
    }

    @Override
    protected List<ConfigOption> ourOptions() {
        List<ConfigOption> options = new ArrayList<>();
        if (sendMru) {
            options.add(ConfigOption.ofShort(MRU, ourMru));
        }
        if (role == Role.AUTHENTICATOR) {
            options.add(ConfigOption.ofShort(AUTHENTICATION_PROTOCOL, PppFrame.EAP));
        }
        if (sendMagic) {
            options.add(ConfigOption.ofInt(MAGIC_NUMBER, magic));
        }
        return options;
    }

    @Override
    protected void judge(ConfigOption o, Judge judge) {
        switch (o.type()) {
            case MRU -> {
                if (o.value().length != 2) {
                    judge.reject(o);
                } else if (o.number() < MIN_MRU) {
                    judge.nak(ConfigOption.ofShort(MRU, DEFAULT_MRU));
                } else {
                    peerMru = (int) o.number();
                }
            }
            case ACCM -> {
                if (o.value().length != 4) {
                    judge.reject(o);
                }
            }
            case AUTHENTICATION_PROTOCOL -> {
                if (role == Role.AUTHENTICATOR) {
                    judge.reject(o); // the gateway does not authenticate itself to clients in PPP
                } else if (o.value().length < 2 || o.number() >> (8L * (o.value().length - 2)) != PppFrame.EAP) {
                    judge.nak(ConfigOption.ofShort(AUTHENTICATION_PROTOCOL, PppFrame.EAP));
                }
            }
            case MAGIC_NUMBER -> {
                if (o.value().length != 4) {
                    judge.reject(o);
                } else if (sendMagic && (int) o.number() == magic) {
                    judge.nak(ConfigOption.ofInt(MAGIC_NUMBER, nonZero(random))); // looped back, or a coincidence
                }
            }
            default -> judge.reject(o);
        }
    }

    @Override
    protected boolean naked(List<ConfigOption> suggestions) {
        for (ConfigOption o : suggestions) {
            switch (o.type()) {
                case MAGIC_NUMBER -> magic = nonZero(random);
                case MRU -> {
                    if (o.value().length == 2 && o.number() >= MIN_MRU) {
                        ourMru = (int) o.number();
                        sendMru = true;
                    }
                }
                case AUTHENTICATION_PROTOCOL -> {
                    if (role == Role.AUTHENTICATOR) {
                        close("the client will not authenticate with EAP (it proposes protocol 0x"
                                + Integer.toHexString((int) (o.value().length >= 2 ? (o.number() >> (8L * (o.value().length - 2))) : 0)) + ")");
                        return false;
                    }
                }
                default -> { }
            }
        }
        return true;
    }

    @Override
    protected boolean rejected(List<ConfigOption> options) {
        for (ConfigOption o : options) {
            switch (o.type()) {
                case AUTHENTICATION_PROTOCOL -> {
                    close("the client refuses to authenticate");
                    return false;
                }
                case MAGIC_NUMBER -> sendMagic = false;
                case MRU -> sendMru = false;
                default -> { }
            }
        }
        return true;
    }

    @Override
    protected void up(List<ConfigOption> ours, List<ConfigOption> peers) {
        events.lcpUp(peerMru);
    }

    @Override
    protected void finished(String reason) {
        events.lcpFinished(reason);
    }

    @Override
    protected boolean extraCode(ControlPacket p) {
        switch (p.code()) {
            case ECHO_REQUEST -> {
                if (isOpened()) {
                    byte[] data = p.data();
                    byte[] reply = data.length >= 4 ? data : Arrays.copyOf(data, 4);
                    int m = magic();
                    reply[0] = (byte) (m >>> 24);
                    reply[1] = (byte) (m >>> 16);
                    reply[2] = (byte) (m >>> 8);
                    reply[3] = (byte) m;
                    send(new ControlPacket(ECHO_REPLY, p.identifier(), reply));
                }
                return true;
            }
            case ECHO_REPLY -> {
                events.echoReplied(p.data());
                return true;
            }
            case DISCARD_REQUEST, PROTOCOL_REJECT -> {
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** Sends an Echo-Request carrying our magic number and {@code data}. */
    public void echo(byte[] data) {
        if (isOpened()) {
            byte[] body = new byte[4 + data.length];
            int m = magic();
            body[0] = (byte) (m >>> 24);
            body[1] = (byte) (m >>> 16);
            body[2] = (byte) (m >>> 8);
            body[3] = (byte) m;
            System.arraycopy(data, 0, body, 4, data.length);
            send(new ControlPacket(ECHO_REQUEST, nextIdentifier(), body));
        }
    }

    /** Rejects a protocol the link does not run (RFC 1661 §5.7), when LCP is open. */
    public void rejectProtocol(int rejected, byte[] information, int maxLength) {
        if (isOpened()) {
            int length = Math.max(0, Math.min(information.length, maxLength - ControlPacket.HEADER - 2));
            byte[] data = new byte[2 + length];
            data[0] = (byte) (rejected >>> 8);
            data[1] = (byte) rejected;
            System.arraycopy(information, 0, data, 2, length);
            send(new ControlPacket(PROTOCOL_REJECT, nextIdentifier(), data));
        }
    }
}
