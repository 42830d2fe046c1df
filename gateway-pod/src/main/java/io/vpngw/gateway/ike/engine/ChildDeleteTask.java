package io.vpngw.gateway.ike.engine;

import io.vpngw.gateway.ike.ChildSaListener.ChildSaDeletion;
import io.vpngw.gateway.ike.engine.Exchange.Inbound;
import io.vpngw.gateway.ike.engine.Exchange.Step;
import io.vpngw.gateway.ike.message.DeletePayload;
import io.vpngw.gateway.ike.message.ExchangeType;
import io.vpngw.gateway.ike.message.Payload;
import io.vpngw.gateway.ike.message.ProtocolId;
import java.util.List;
import java.util.Optional;

/** Deletes a Child SA with an INFORMATIONAL Delete naming its inbound SPI (RFC 7296 §1.4.1). */
final class ChildDeleteTask implements Exchange.InitiatorTask {

    private final ChildSaEntry child;
    private final ChildSaDeletion reason;

    ChildDeleteTask(ChildSaEntry child, ChildSaDeletion reason) {
        this.child = child;
        this.reason = reason;
    }

    @Override
    public ExchangeType exchange() {
        return ExchangeType.INFORMATIONAL;
    }

    @Override
    public Optional<List<Payload>> buildRequest(IkeSa sa) {
        if (!sa.children.contains(child)) {
            return Optional.empty(); // the peer deleted it first
        }
        child.state = ChildSaEntry.State.DELETING;
        return Optional.of(List.of(DeletePayload.childSas(ProtocolId.ESP, child.sa.inboundSpi())));
    }

    @Override
    public Step processResponse(IkeSa sa, Inbound response) {
        sa.removeChild(child, reason);
        return Step.DONE;
    }
}
