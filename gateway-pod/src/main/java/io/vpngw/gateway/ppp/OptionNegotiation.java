package io.vpngw.gateway.ppp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The option negotiation automaton of RFC 1661 §4 that LCP and IPCP share, reduced to what a link
 * over SSTP needs: there is no physical layer to come and go, so a protocol is opened once and
 * closed once. Subclasses say which options they want and which of the peer's they accept.
 *
 * <p>Configure-Requests are retransmitted on the restart timer (3 s) up to Max-Configure (10);
 * Naks are answered at most Max-Failure (5) times in a row before they become Rejects; a
 * Terminate-Request is answered and ends the protocol. Packets with an identifier that does not
 * match our last request, or that do not parse, are dropped and counted by the caller.
 */
public abstract class OptionNegotiation {
    public static final int CONFIGURE_REQUEST = 1;
    public static final int CONFIGURE_ACK = 2;
    public static final int CONFIGURE_NAK = 3;
    public static final int CONFIGURE_REJECT = 4;
    public static final int TERMINATE_REQUEST = 5;
    public static final int TERMINATE_ACK = 6;
    public static final int CODE_REJECT = 7;

    static final Duration RESTART = Duration.ofSeconds(3);
    static final int MAX_CONFIGURE = 10;
    static final int MAX_TERMINATE = 2;
    static final int MAX_FAILURE = 5;

    /** RFC 1661's states, without those of a lower layer that is down. */
    public enum State { INITIAL, REQ_SENT, ACK_RCVD, ACK_SENT, OPENED, CLOSING, CLOSED }

    /** How a peer's Configure-Request is answered. */
    protected record Judgement(int code, List<ConfigOption> options) {
        static Judgement ack(List<ConfigOption> options) {
            return new Judgement(CONFIGURE_ACK, options);
        }
    }

    /** Builds a judgement: any reject wins over naks, any nak over the ack. */
    protected static final class Judge {
        private final List<ConfigOption> naks = new ArrayList<>();
        private final List<ConfigOption> rejects = new ArrayList<>();

        public void nak(ConfigOption suggestion) {
            naks.add(suggestion);
        }

        public void reject(ConfigOption option) {
            rejects.add(option);
        }

        Judgement verdict(List<ConfigOption> requested) {
            if (!rejects.isEmpty()) {
                return new Judgement(CONFIGURE_REJECT, rejects);
            }
            return naks.isEmpty() ? Judgement.ack(requested) : new Judgement(CONFIGURE_NAK, naks);
        }
    }

    protected final int protocol;
    private final Consumer<byte[]> output;
    private final PppTimers timers;
    private final String name;
    private State state = State.INITIAL;
    private int nextIdentifier = 1;
    private int requestIdentifier = -1;
    private int retries;
    private int naksSent;
    private PppTimers.Timer restart;
    private String closeReason;

    /**
     * @param protocol the PPP protocol (LCP or an NCP)
     * @param output   sends a frame's information field on {@code protocol}
     */
    protected OptionNegotiation(String name, int protocol, Consumer<byte[]> output, PppTimers timers) {
        this.name = name;
        this.protocol = protocol;
        this.output = output;
        this.timers = timers;
    }

    public State state() {
        return state;
    }

    public boolean isOpened() {
        return state == State.OPENED;
    }

    /** The options we request now. */
    protected abstract List<ConfigOption> ourOptions();

    /** Judges each of the peer's options with {@code judge}. */
    protected abstract void judge(ConfigOption option, Judge judge);

    /** The peer's counter-proposals for our options; false when we cannot go on. */
    protected abstract boolean naked(List<ConfigOption> suggestions);

    /** The options the peer refuses; false when we cannot go on without them. */
    protected abstract boolean rejected(List<ConfigOption> options);

    /** Both sides acknowledged: the protocol is up, with the options the peer acknowledged and those we acked. */
    protected abstract void up(List<ConfigOption> ours, List<ConfigOption> peers);

    /** The protocol is down for good, with the reason. */
    protected abstract void finished(String reason);

    /** Codes beyond 1–7 (LCP's echo and rejects); false to send a Code-Reject. */
    protected boolean extraCode(ControlPacket packet) {
        return false;
    }

    /** Starts negotiating: sends our Configure-Request. */
    public void open() {
        if (state == State.INITIAL) {
            retries = 0;
            sendConfigureRequest();
            state = State.REQ_SENT;
        }
    }

    /** Closes the protocol: a Terminate-Request, retransmitted until acknowledged or given up. */
    public void close(String reason) {
        switch (state) {
            case INITIAL, CLOSED -> {
                state = State.CLOSED;
                cancelRestart();
            }
            case CLOSING -> { }
            default -> {
                closeReason = reason;
                retries = 0;
                state = State.CLOSING;
                sendTerminateRequest();
            }
        }
    }

    /** Handles one packet of this protocol; returns false when it was malformed or unexpected and dropped. */
    public boolean receive(byte[] information) {
        ControlPacket p = ControlPacket.decode(information);
        if (p == null) {
            return false;
        }
        if (state == State.CLOSED) {
            return false;
        }
        switch (p.code()) {
            case CONFIGURE_REQUEST -> {
                return configureRequest(p);
            }
            case CONFIGURE_ACK -> {
                return configureAck(p);
            }
            case CONFIGURE_NAK, CONFIGURE_REJECT -> {
                return configureNakOrReject(p);
            }
            case TERMINATE_REQUEST -> {
                send(new ControlPacket(TERMINATE_ACK, p.identifier(), new byte[0]));
                end("the peer terminated " + name);
                return true;
            }
            case TERMINATE_ACK -> {
                if (state == State.CLOSING) {
                    end(closeReason);
                }
                return true;
            }
            case CODE_REJECT -> {
                return true; // we send only codes every implementation knows
            }
            default -> {
                if (!extraCode(p)) {
                    send(new ControlPacket(CODE_REJECT, nextIdentifier(), truncated(information)));
                }
                return true;
            }
        }
    }

    private boolean configureRequest(ControlPacket p) {
        if (state == State.CLOSING) {
            return true; // RFC 1661: silently discarded while closing
        }
        List<ConfigOption> options = ConfigOption.decodeAll(p.data());
        if (options == null) {
            return false;
        }
        Judge judge = new Judge();
        for (ConfigOption o : options) {
            judge(o, judge);
        }
        Judgement j = judge.verdict(options);
        if (j.code() == CONFIGURE_NAK && ++naksSent > MAX_FAILURE) {
            j = new Judgement(CONFIGURE_REJECT, j.options()); // a peer that never converges
        }
        send(new ControlPacket(j.code(), p.identifier(), ConfigOption.encodeAll(j.options())));
        if (j.code() == CONFIGURE_ACK) {
            naksSent = 0;
            peerOptions = options;
            switch (state) {
                case ACK_RCVD -> becomeOpened();
                case OPENED -> { // the peer renegotiates
                    state = State.ACK_SENT;
                    sendConfigureRequest();
                }
                default -> state = State.ACK_SENT;
            }
        } else if (state == State.ACK_SENT) {
            state = State.REQ_SENT;
        } else if (state == State.OPENED) {
            state = State.REQ_SENT;
            sendConfigureRequest();
        }
        return true;
    }

    private List<ConfigOption> peerOptions = List.of();
    private List<ConfigOption> sentOptions = List.of();

    private boolean configureAck(ControlPacket p) {
        if (p.identifier() != requestIdentifier) {
            return false;
        }
        switch (state) {
            case REQ_SENT -> {
                cancelRestart();
                retries = 0;
                state = State.ACK_RCVD;
            }
            case ACK_SENT -> {
                cancelRestart();
                retries = 0;
                becomeOpened();
            }
            default -> { } // a late duplicate
        }
        return true;
    }

    private boolean configureNakOrReject(ControlPacket p) {
        if (p.identifier() != requestIdentifier) {
            return false;
        }
        List<ConfigOption> options = ConfigOption.decodeAll(p.data());
        if (options == null) {
            return false;
        }
        if (state != State.REQ_SENT && state != State.ACK_SENT && state != State.ACK_RCVD) {
            return true;
        }
        boolean goOn = p.code() == CONFIGURE_NAK ? naked(options) : rejected(options);
        if (!goOn) {
            return true; // the subclass has closed the link with its reason
        }
        cancelRestart();
        retries = 0;
        sendConfigureRequest();
        if (state == State.ACK_RCVD) {
            state = State.REQ_SENT;
        }
        return true;
    }

    private void becomeOpened() {
        state = State.OPENED;
        up(sentOptions, peerOptions);
    }

    private void end(String reason) {
        cancelRestart();
        State was = state;
        state = State.CLOSED;
        if (was != State.CLOSED) {
            finished(reason);
        }
    }

    private void sendConfigureRequest() {
        requestIdentifier = nextIdentifier();
        sentOptions = List.copyOf(ourOptions());
        send(new ControlPacket(CONFIGURE_REQUEST, requestIdentifier, ConfigOption.encodeAll(sentOptions)));
        armRestart();
    }

    private void sendTerminateRequest() {
        send(new ControlPacket(TERMINATE_REQUEST, nextIdentifier(), new byte[0]));
        armRestart();
    }

    private void armRestart() {
        cancelRestart();
        restart = timers.schedule(RESTART, this::restartExpired);
    }

    private void restartExpired() {
        restart = null;
        if (state == State.CLOSING) {
            if (++retries >= MAX_TERMINATE) {
                end(closeReason);
            } else {
                sendTerminateRequest();
            }
        } else if (state == State.REQ_SENT || state == State.ACK_RCVD || state == State.ACK_SENT) {
            if (++retries >= MAX_CONFIGURE) {
                end(name + ": no answer to " + MAX_CONFIGURE + " Configure-Requests");
            } else {
                if (state == State.ACK_RCVD) {
                    state = State.REQ_SENT;
                }
                sendConfigureRequest();
            }
        }
    }

    private void cancelRestart() {
        if (restart != null) {
            restart.cancel();
            restart = null;
        }
    }

    protected int nextIdentifier() {
        int id = nextIdentifier;
        nextIdentifier = (nextIdentifier + 1) & 0xFF;
        return id;
    }

    protected void send(ControlPacket packet) {
        output.accept(packet.encode());
    }

    /** A rejected packet fits in a reply however large it was. */
    private static byte[] truncated(byte[] information) {
        return information.length <= 1400 ? information : java.util.Arrays.copyOf(information, 1400);
    }

    @Override
    public String toString() {
        return name + "[" + state + "]";
    }
}
