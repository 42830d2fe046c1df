package io.vpngw.gateway.ike.engine;

import io.vpngw.gateway.ike.ChildSa;
import io.vpngw.gateway.ike.proposal.IkeSuite;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot of one IKE SA for status reporting and tests.
 *
 * @param state CONNECTING, HALF_OPEN, ESTABLISHED or REKEYED
 */
public record IkeSaStatus(String connection, long initiatorSpi, long responderSpi, boolean originalInitiator,
                          String state, Optional<IkeSuite> suite, boolean natDetected, List<ChildSa> childSas) {

    public IkeSaStatus {
        childSas = List.copyOf(childSas);
    }
}
