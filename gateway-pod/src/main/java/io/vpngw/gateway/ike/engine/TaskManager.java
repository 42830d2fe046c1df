package io.vpngw.gateway.ike.engine;

import io.vpngw.gateway.ike.Datagram;
import io.vpngw.gateway.ike.DropReason;
import io.vpngw.gateway.ike.Endpoint;
import io.vpngw.gateway.ike.IkeFailure;
import io.vpngw.gateway.ike.Scheduler;
import io.vpngw.gateway.ike.engine.Exchange.Inbound;
import io.vpngw.gateway.ike.engine.Exchange.InitiatorTask;
import io.vpngw.gateway.ike.engine.Exchange.ResponderTask;
import io.vpngw.gateway.ike.engine.Exchange.Response;
import io.vpngw.gateway.ike.engine.Exchange.Step;
import io.vpngw.gateway.ike.message.ExchangeType;
import io.vpngw.gateway.ike.message.IkeHeader;
import io.vpngw.gateway.ike.message.IkeMessage;
import io.vpngw.gateway.ike.message.NotifyPayload;
import io.vpngw.gateway.ike.message.Payload;
import io.vpngw.gateway.ike.message.PayloadChain;
import io.vpngw.gateway.ike.message.PayloadType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Runs the exchanges of one IKE SA (RFC 7296 §2.1-2.3): one request of ours outstanding at a time
 * (window size 1), retransmitted with back-off until answered or given up; the peer's requests
 * answered in message ID order, the last response kept for the peer's retransmissions.
 */
final class TaskManager {

    private final IkeSa sa;
    private final Deque<InitiatorTask> queue = new ArrayDeque<>();
    private Outstanding outstanding;
    private long nextRequestId;
    private long expectedPeerRequestId;
    private CachedResponse lastResponse;
    /** Set while a task handles a message, so that tasks it queues wait for the message IDs to settle. */
    private boolean processing;

    /** Our request in flight. */
    private static final class Outstanding {
        final InitiatorTask task;
        final long messageId;
        final byte[] bytes;
        final Instant firstSent;
        int transmissions;
        Scheduler.Timer timer;

        Outstanding(InitiatorTask task, long messageId, byte[] bytes, Instant firstSent) {
            this.task = task;
            this.messageId = messageId;
            this.bytes = bytes;
            this.firstSent = firstSent;
        }
    }

    private record CachedResponse(long messageId, byte[] bytes) {}

    TaskManager(IkeSa sa) {
        this.sa = sa;
    }

    void queue(InitiatorTask task) {
        queue.add(task);
        initiateNext();
    }

    /** Puts a task before the queued ones, e.g. the deletion that must follow a rekey at once. */
    void queueFirst(InitiatorTask task) {
        queue.addFirst(task);
        initiateNext();
    }

    boolean isIdle() {
        return outstanding == null && queue.isEmpty();
    }

    boolean hasQueued(Class<? extends InitiatorTask> kind) {
        return (outstanding != null && kind.isInstance(outstanding.task)) || queue.stream().anyMatch(kind::isInstance);
    }

    /** Whether our own request of a kind is in flight right now. */
    Optional<InitiatorTask> active() {
        return Optional.ofNullable(outstanding).map(o -> o.task);
    }

    /** Continues with the first IKE_SA_INIT response already counted as message 0's answer. */
    void setMessageIds(long nextRequest, long expectedPeerRequest) {
        this.nextRequestId = nextRequest;
        this.expectedPeerRequestId = expectedPeerRequest;
    }

    /** Remembers the IKE_SA_INIT response we sent so a retransmitted request gets it again. */
    void cacheResponse(long messageId, byte[] bytes) {
        lastResponse = new CachedResponse(messageId, bytes);
    }

    void resendCachedResponse(long messageId) {
        if (lastResponse != null && lastResponse.messageId == messageId) {
            transmit(lastResponse.bytes);
        } else {
            sa.engine.drop(DropReason.UNEXPECTED_MESSAGE_ID);
        }
    }

    private void initiateNext() {
        while (!processing && outstanding == null && !queue.isEmpty() && !sa.isClosed()) {
            InitiatorTask task = queue.poll();
            Optional<List<Payload>> payloads = task.buildRequest(sa);
            if (payloads.isEmpty()) {
                continue;
            }
            sendRequest(task, payloads.get());
        }
    }

    private void sendRequest(InitiatorTask task, List<Payload> payloads) {
        byte[] bytes = sa.encode(task.exchange(), false, nextRequestId, payloads);
        task.sent(sa, bytes);
        outstanding = new Outstanding(task, nextRequestId, bytes, sa.engine.scheduler.now());
        transmitOutstanding();
    }

    private void transmitOutstanding() {
        Outstanding current = outstanding;
        transmit(current.bytes);
        Duration elapsed = Duration.between(current.firstSent, sa.engine.scheduler.now());
        Duration wait = schedule().waitAfter(current.transmissions, elapsed);
        current.transmissions++;
        current.timer = sa.engine.scheduler.schedule(wait, () -> retransmitOrGiveUp(current));
    }

    private void retransmitOrGiveUp(Outstanding request) {
        if (request != outstanding || sa.isClosed()) {
            return;
        }
        Duration elapsed = Duration.between(request.firstSent, sa.engine.scheduler.now());
        if (elapsed.compareTo(schedule().giveUpAfter()) >= 0) {
            outstanding = null;
            sa.fail(IkeFailure.PEER_DEAD, true);
            return;
        }
        transmitOutstanding();
    }

    /**
     * The engine's retransmission timing, given up after this SA's connection's DPD timeout less
     * one probe interval: connections come and go at run time, each with its own timeout.
     */
    private RetransmitSchedule schedule() {
        RetransmitSchedule engine = sa.engine.retransmits;
        return new RetransmitSchedule(engine.initial(), engine.maxInterval(),
                sa.connection.dpdTimeout().minus(sa.connection.dpdInterval()));
    }

    private void transmit(byte[] bytes) {
        sa.engine.send(new Datagram(sa.local, sa.remote, bytes));
    }

    /** Stops everything: timers, queued and outstanding requests. */
    void close() {
        if (outstanding != null && outstanding.timer != null) {
            outstanding.timer.cancel();
        }
        outstanding = null;
        queue.clear();
    }

    /** A message of this SA arrived; the engine found it by our SPI. Never throws for peer input. */
    void receive(IkeMessage message, byte[] raw, Endpoint source, Endpoint destination) {
        IkeHeader header = message.header();
        if (header.response()) {
            receiveResponse(message, raw, source, destination);
        } else {
            receiveRequest(message, raw, source, destination);
        }
    }

    private void receiveResponse(IkeMessage message, byte[] raw, Endpoint source, Endpoint destination) {
        IkeHeader header = message.header();
        if (outstanding == null || header.messageId() != outstanding.messageId
                || !header.exchangeType().equals(outstanding.task.exchange())) {
            sa.engine.drop(DropReason.UNEXPECTED_MESSAGE_ID);
            return;
        }
        Optional<PayloadChain> payloads = header.exchangeType().equals(ExchangeType.IKE_SA_INIT)
                ? Optional.of(message.payloads())
                : sa.decrypt(message, raw);
        if (payloads.isEmpty()) {
            sa.engine.drop(DropReason.UNDECRYPTABLE);
            return;
        }
        Outstanding answered = outstanding;
        answered.timer.cancel();
        outstanding = null;
        sa.received();
        Step step;
        processing = true;
        try {
            step = answered.task.processResponse(sa, new Inbound(header, payloads.get(), raw, source, destination));
        } finally {
            processing = false;
        }
        switch (step) {
            case Step.Done done -> {
                nextRequestId++;
                initiateNext();
            }
            case Step.Retry retry -> answered.task.buildRequest(sa)
                    .ifPresentOrElse(p -> sendRequest(answered.task, p), this::initiateNext);
            case Step.Failed(IkeFailure failure) -> sa.fail(failure, true);
        }
    }

    private void receiveRequest(IkeMessage message, byte[] raw, Endpoint source, Endpoint destination) {
        IkeHeader header = message.header();
        long messageId = header.messageId();
        if (messageId != expectedPeerRequestId) {
            // A retransmission of the request we answered last gets the same answer (§2.1), once
            // it proves to come from the peer; anything else is outside the window.
            if (lastResponse != null && messageId == lastResponse.messageId && sa.decrypt(message, raw).isPresent()) {
                transmit(lastResponse.bytes);
            } else {
                sa.engine.drop(DropReason.UNEXPECTED_MESSAGE_ID);
            }
            return;
        }
        Optional<PayloadChain> payloads = sa.decrypt(message, raw);
        if (payloads.isEmpty()) {
            sa.engine.drop(DropReason.UNDECRYPTABLE);
            return;
        }
        sa.received();
        Inbound request = new Inbound(header, payloads.get(), raw, source, destination);
        Response response;
        Optional<PayloadType> critical = payloads.get().unsupportedCriticalPayload();
        if (critical.isPresent()) {
            response = Response.of(NotifyPayload.unsupportedCriticalPayload(critical.get()));
        } else {
            Optional<ResponderTask> responder = responderFor(header.exchangeType());
            if (responder.isEmpty()) {
                sa.engine.drop(DropReason.UNEXPECTED_MESSAGE);
                return;
            }
            processing = true;
            try {
                response = responder.get().respond(sa, request);
            } finally {
                processing = false;
            }
        }
        byte[] bytes = sa.encode(header.exchangeType(), true, messageId, response.payloads());
        lastResponse = new CachedResponse(messageId, bytes);
        expectedPeerRequestId++;
        transmit(bytes);
        response.afterSent().run();
        initiateNext();
    }

    private Optional<ResponderTask> responderFor(ExchangeType exchange) {
        if (exchange.equals(ExchangeType.IKE_AUTH) && sa.state == IkeSa.State.HALF_OPEN) {
            return Optional.of(new IkeAuthResponder());
        }
        if (sa.state != IkeSa.State.ESTABLISHED && sa.state != IkeSa.State.REKEYED) {
            return Optional.empty();
        }
        if (exchange.equals(ExchangeType.CREATE_CHILD_SA)) {
            return Optional.of(new CreateChildSaResponder());
        }
        if (exchange.equals(ExchangeType.INFORMATIONAL)) {
            return Optional.of(new InformationalResponder());
        }
        return Optional.empty();
    }

    /** Whether {@code a} sorts below {@code b} as unsigned octet strings, for §2.8.1's nonce rule. */
    static boolean lower(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b) < 0;
    }
}
