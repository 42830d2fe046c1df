package io.vpngw.gateway.ike.engine;

import io.vpngw.gateway.ike.engine.Exchange.Inbound;
import io.vpngw.gateway.ike.engine.Exchange.Step;
import io.vpngw.gateway.ike.message.DeletePayload;
import io.vpngw.gateway.ike.message.ExchangeType;
import io.vpngw.gateway.ike.message.Payload;
import java.util.List;
import java.util.Optional;

/** Deletes the IKE SA, and with it its Child SAs, with an INFORMATIONAL Delete (RFC 7296 §1.4.1). */
final class IkeDeleteTask implements Exchange.InitiatorTask {

    @Override
    public ExchangeType exchange() {
        return ExchangeType.INFORMATIONAL;
    }

    @Override
    public Optional<List<Payload>> buildRequest(IkeSa sa) {
        return Optional.of(List.of(DeletePayload.ikeSa()));
    }

    @Override
    public Step processResponse(IkeSa sa, Inbound response) {
        sa.deleted(false);
        return Step.DONE;
    }
}
