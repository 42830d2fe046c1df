package io.vpngw.gateway.ike.engine;

import io.vpngw.gateway.ike.Endpoint;
import io.vpngw.gateway.ike.IkeFailure;
import io.vpngw.gateway.ike.message.ExchangeType;
import io.vpngw.gateway.ike.message.IkeHeader;
import io.vpngw.gateway.ike.message.Payload;
import io.vpngw.gateway.ike.message.PayloadChain;
import java.util.List;
import java.util.Optional;

/** The shapes shared by the exchange tasks. */
final class Exchange {

    private Exchange() {
    }

    /**
     * A received message whose payloads are readable: decrypted, or plain for IKE_SA_INIT.
     *
     * @param raw the datagram as received, which IKE_AUTH signs for IKE_SA_INIT
     */
    record Inbound(IkeHeader header, PayloadChain payloads, byte[] raw, Endpoint source, Endpoint destination) {}

    /** What processing a response decided. */
    sealed interface Step {
        /** The exchange is over; the next queued task may start. */
        record Done() implements Step {}

        /** Send the request again, rebuilt, under the same message ID (IKE_SA_INIT: cookie, other group). */
        record Retry() implements Step {}

        /** The IKE SA cannot go on. */
        record Failed(IkeFailure failure) implements Step {}

        Step DONE = new Done();
        Step RETRY = new Retry();
    }

    /** The initiator's half of an exchange (strongSwan's build_i / process_i). */
    interface InitiatorTask {

        ExchangeType exchange();

        /** The request's payloads; empty when the task has become pointless and is skipped. */
        Optional<List<Payload>> buildRequest(IkeSa sa);

        /** The request as it went out, for tasks that must sign it. */
        default void sent(IkeSa sa, byte[] request) {
        }

        Step processResponse(IkeSa sa, Inbound response);
    }

    /** The responder's half of an exchange (process_r / build_r). */
    interface ResponderTask {
        Response respond(IkeSa sa, Inbound request);
    }

    /**
     * A response to send, and what to do once it is on its way (e.g. forget the SA after answering
     * a Delete, or after refusing authentication).
     */
    record Response(List<Payload> payloads, Runnable afterSent) {
        Response {
            payloads = List.copyOf(payloads);
        }

        static Response of(List<Payload> payloads) {
            return new Response(payloads, () -> { });
        }

        static Response of(Payload... payloads) {
            return of(List.of(payloads));
        }
    }
}
