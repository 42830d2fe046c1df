package io.vpngw.gateway.ike.engine;

import io.vpngw.gateway.ike.engine.Exchange.Inbound;
import io.vpngw.gateway.ike.engine.Exchange.Step;
import io.vpngw.gateway.ike.message.ExchangeType;
import io.vpngw.gateway.ike.message.Payload;
import java.util.List;
import java.util.Optional;

/**
 * A liveness check: an empty INFORMATIONAL request (RFC 7296 §1.4, §2.4). Its answer proves the
 * peer alive; exhausting the retransmissions declares it dead.
 */
final class DpdTask implements Exchange.InitiatorTask {

    @Override
    public ExchangeType exchange() {
        return ExchangeType.INFORMATIONAL;
    }

    @Override
    public Optional<List<Payload>> buildRequest(IkeSa sa) {
        return Optional.of(List.of());
    }

    @Override
    public Step processResponse(IkeSa sa, Inbound response) {
        return Step.DONE;
    }
}
