package io.vpngw.cli;

import io.vpngw.operator.gateway.GatewayIdentityIssuer;
import io.vpngw.operator.gateway.PkiGatewayIdentityIssuer;
import io.vpngw.operator.pki.CertificateIssuer;

/** The identity issuer the operator runs with. */
final class Identities {
    private Identities() {}

    static GatewayIdentityIssuer issuer() {
        return new PkiGatewayIdentityIssuer(CertificateIssuer.withSystemClock());
    }
}
