package io.vpngw.gateway.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code swanctl --list-sas --pretty} as charon 5.9.8 printed it here, read into records. */
class ListSasParsingTest {

    private static final String TWO_SAS = """
            list-sa event {
              s2s {
                uniqueid = 1
                version = 2
                state = ESTABLISHED
                local-host = 192.0.2.1
                local-port = 4500
                local-id = siteA
                remote-host = 192.0.2.2
                remote-port = 4500
                remote-id = siteB
                initiator = yes
                initiator-spi = 195064a65d0a2d8b
                responder-spi = 4372253badc84924
                nat-remote = yes
                nat-any = yes
                encr-alg = AES_CBC
                encr-keysize = 256
                integ-alg = HMAC_SHA2_256_128
                prf-alg = PRF_HMAC_SHA2_256
                dh-group = CURVE_25519
                established = 6
                child-sas {
                  gcm-1 {
                    name = gcm
                    uniqueid = 1
                    reqid = 1
                    state = INSTALLED
                    mode = TUNNEL
                    protocol = ESP
                    encap = yes
                    spi-in = e9c81f80
                    spi-out = e07a8564
                    encr-alg = AES_GCM_16
                    encr-keysize = 256
                    bytes-in = 252
                    packets-in = 3
                    use-in = 4
                    bytes-out = 336
                    packets-out = 4
                    use-out = 4
                    install-time = 6
                    local-ts = [
                      10.1.0.0/16
                    ]
                    remote-ts = [
                      10.2.0.0/16
                      10.3.0.0/16
                    ]
                  }
                }
              }
            }
            list-sa event {
              other {
                uniqueid = 2
                version = 2
                state = CONNECTING
                local-host = 192.0.2.1
                remote-host = 198.51.100.7
                initiator = yes
              }
            }
            list-sas reply {
            }
            """;

    @Test
    void readsIkeAndChildSas() {
        List<IkeSaStatus> sas = IkeSaStatus.parseListSas(TWO_SAS);

        assertThat(sas).extracting(IkeSaStatus::name).containsExactly("s2s", "other");
        IkeSaStatus ike = sas.getFirst();
        assertThat(ike.established()).isTrue();
        assertThat(ike.algorithms()).isEqualTo("AES_CBC-256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519");
        assertThat(ike.localPort()).isEqualTo(4500);
        assertThat(ike.natRemote()).isTrue();
        assertThat(ike.natLocal()).isFalse();
        ChildSaStatus child = ike.child("gcm").orElseThrow();
        assertThat(child.installed()).isTrue();
        assertThat(child.encapsulated()).isTrue();
        assertThat(child.spiIn()).isEqualTo("e9c81f80");
        assertThat(child.spiOut()).isEqualTo("e07a8564");
        assertThat(child.algorithms()).isEqualTo("AES_GCM_16-256");
        assertThat(child.bytesIn()).isEqualTo(252);
        assertThat(child.bytesOut()).isEqualTo(336);
        assertThat(child.packetsOut()).isEqualTo(4);
        assertThat(child.localTs()).containsExactly("10.1.0.0/16");
        assertThat(child.remoteTs()).containsExactly("10.2.0.0/16", "10.3.0.0/16");
    }

    @Test
    void anSaStillConnectingHasNoChildrenAndNoAlgorithms() {
        IkeSaStatus connecting = IkeSaStatus.parseListSas(TWO_SAS).get(1);

        assertThat(connecting.established()).isFalse();
        assertThat(connecting.state()).isEqualTo("CONNECTING");
        assertThat(connecting.children()).isEmpty();
        assertThat(connecting.integrity()).isEmpty();
    }

    @Test
    void noSasIsAnEmptyList() {
        assertThat(IkeSaStatus.parseListSas("list-sas reply {\n}\n")).isEmpty();
    }

    @Test
    void truncatedOutputIsRejected() {
        assertThatThrownBy(() -> IkeSaStatus.parseListSas("list-sa event {\n  s2s {\n    uniqueid = 1\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unterminated");
    }
}
