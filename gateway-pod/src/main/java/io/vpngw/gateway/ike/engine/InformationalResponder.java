package io.vpngw.gateway.ike.engine;

import io.vpngw.gateway.ike.ChildSaListener.ChildSaDeletion;
import io.vpngw.gateway.ike.engine.Exchange.Inbound;
import io.vpngw.gateway.ike.engine.Exchange.Response;
import io.vpngw.gateway.ike.message.DeletePayload;
import io.vpngw.gateway.ike.message.Payload;
import io.vpngw.gateway.ike.message.ProtocolId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Answers INFORMATIONAL requests (RFC 7296 §1.4): Deletes of the IKE SA or of Child SAs, and
 * empty liveness checks, which always get an empty answer.
 */
final class InformationalResponder implements Exchange.ResponderTask {

    @Override
    public Response respond(IkeSa sa, Inbound request) {
        List<DeletePayload> deletes = request.payloads().all(DeletePayload.class);
        if (deletes.stream().anyMatch(d -> d.protocol().equals(ProtocolId.IKE))) {
            return new Response(List.of(), () -> sa.deleted(true));
        }
        List<Integer> ourSpis = new ArrayList<>();
        for (DeletePayload delete : deletes) {
            if (!delete.protocol().equals(ProtocolId.ESP)) {
                continue;
            }
            for (int peerSpi : delete.childSaSpis()) {
                Optional<ChildSaEntry> child = sa.childByOutboundSpi(peerSpi);
                if (child.isEmpty()) {
                    continue;
                }
                // When both ends delete the same SA at once, neither lists it again (§1.4.1).
                if (child.get().state != ChildSaEntry.State.DELETING) {
                    ourSpis.add(child.get().sa.inboundSpi());
                }
                sa.removeChild(child.get(), child.get().state == ChildSaEntry.State.INSTALLED
                        ? ChildSaDeletion.DELETED : ChildSaDeletion.REKEYED);
            }
        }
        if (ourSpis.isEmpty()) {
            return Response.of(List.<Payload>of());
        }
        return Response.of(DeletePayload.childSas(ProtocolId.ESP, ourSpis.stream().mapToInt(Integer::intValue).toArray()));
    }
}
