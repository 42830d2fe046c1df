package io.vpngw.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.gateway.crypto.DiffieHellmanGroup;
import io.vpngw.gateway.crypto.EncryptionTransform;
import io.vpngw.gateway.crypto.IntegrityAlgorithm;
import io.vpngw.gateway.crypto.PrfAlgorithm;
import io.vpngw.gateway.crypto.ProtectionSuite;
import io.vpngw.gateway.ike.proposal.ChildSuite;
import io.vpngw.gateway.ike.proposal.IkeSuite;
import io.vpngw.gateway.status.NegotiatedAlgorithms;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Status reports what was negotiated with IKEv2's transform names. */
class NegotiatedAlgorithmNamesTest {

    @Test
    void aeadSuitesNameTheAeadTransformAndThePrf() {
        IkeSuite ike = new IkeSuite(new ProtectionSuite.Aead(EncryptionTransform.aesGcm16(256)),
                PrfAlgorithm.PRF_HMAC_SHA2_256, DiffieHellmanGroup.CURVE25519);
        ChildSuite child = new ChildSuite(new ProtectionSuite.Aead(EncryptionTransform.aesGcm16(128)), Optional.empty(), false);

        assertThat(GatewayRuntime.algorithms(ike, child)).isEqualTo(new NegotiatedAlgorithms(
                "AES_GCM_16_256", "PRF_HMAC_SHA2_256", "CURVE25519", "AES_GCM_16_128", "AES_GCM_16_128"));
    }

    @Test
    void cbcSuitesNameTheirIntegrityTransforms() {
        IkeSuite ike = new IkeSuite(new ProtectionSuite.EncryptThenMac(EncryptionTransform.aesCbc(256),
                IntegrityAlgorithm.AUTH_HMAC_SHA2_384_192), PrfAlgorithm.PRF_HMAC_SHA2_384, DiffieHellmanGroup.ECP_384);
        ChildSuite child = new ChildSuite(new ProtectionSuite.EncryptThenMac(EncryptionTransform.tripleDes(),
                IntegrityAlgorithm.AUTH_HMAC_SHA1_96), Optional.of(DiffieHellmanGroup.MODP_2048), false);

        assertThat(GatewayRuntime.algorithms(ike, child)).isEqualTo(new NegotiatedAlgorithms(
                "AES_CBC_256", "HMAC_SHA2_384_192", "ECP_384", "3DES", "HMAC_SHA1_96"));
    }

    @Test
    void nothingIsReportedUntilBothSasAreKnown() {
        assertThat(GatewayRuntime.algorithms(null, null)).isNull();
    }
}
