package io.vpngw.gateway.crypto.dh;

import static io.vpngw.gateway.crypto.KnownAnswerFile.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vpngw.gateway.crypto.DiffieHellmanGroup;
import io.vpngw.gateway.crypto.dh.InvalidPeerPublicValueException.Reason;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EcpKeyExchangeTest {

    private final SecureRandom random = new SecureRandom();

    /** RFC 5903 §8.1, "256-Bit Random ECP Group": KE data is gix | giy, g^ir is girx. */
    @Test
    void rfc5903Section81P256() throws Exception {
        BigInteger i = new BigInteger("C88F01F510D9AC3F70A292DAA2316DE544E9AAB8AFE84049C62A9C57862D1433", 16);
        byte[] gi = hex("""
                DAD0B65394221CF9B051E1FECA5787D098DFE637FC90B9EF945D0C3772581180
                5271A0461CDB8252D61F1C456FA3E59AB1F45B33ACCF5F58389E0577B8990BB3""");
        BigInteger r = new BigInteger("C6EF9C5D78AE012A011164ACB397CE2088685D8F06BF9BE0B283AB46476BEE53", 16);
        byte[] gr = hex("""
                D12DFB5289C8D4F81208B70270398C342296970A0BCCB74C736FC7554494BF63
                56FBF3CA366CC23E8157854C13C58D6AAC23F046ADA30F8353E74F33039872AB""");
        byte[] girx = hex("D6840F6B42F6EDAFD13116E0E12565202FEF8E9ECE7DCE03812464D04B9442DE");

        assertThat(EcpKeyExchange.fromKeyPair(DiffieHellmanGroup.ECP_256, i, gi).sharedSecret(gr).toByteArray()).isEqualTo(girx);
        assertThat(EcpKeyExchange.fromKeyPair(DiffieHellmanGroup.ECP_256, r, gr).sharedSecret(gi).toByteArray()).isEqualTo(girx);
    }

    /** RFC 5903 §8.2, "384-Bit Random ECP Group". */
    @Test
    void rfc5903Section82P384() throws Exception {
        BigInteger i = new BigInteger(
                "099F3C7034D4A2C699884D73A375A67F7624EF7C6B3C0F160647B67414DCE655E35B538041E649EE3FAEF896783AB194", 16);
        byte[] gi = hex("""
                667842D7D180AC2CDE6F74F37551F55755C7645C20EF73E31634FE72B4C55EE6DE3AC808ACB4BDB4C88732AEE95F41AA
                9482ED1FC0EEB9CAFC4984625CCFC23F65032149E0E144ADA024181535A0F38EEB9FCFF3C2C947DAE69B4C634573A81C""");
        BigInteger r = new BigInteger(
                "41CB0779B4BDB85D47846725FBEC3C9430FAB46CC8DC5060855CC9BDA0AA2942E0308312916B8ED2960E4BD55A7448FC", 16);
        byte[] gr = hex("""
                E558DBEF53EECDE3D3FCCFC1AEA08A89A987475D12FD950D83CFA41732BC509D0D1AC43A0336DEF96FDA41D0774A3571
                DCFBEC7AACF3196472169E838430367F66EEBE3C6E70C416DD5F0C68759DD1FFF83FA40142209DFF5EAAD96DB9E6386C""");
        byte[] girx = hex("11187331C279962D93D604243FD592CB9D0A926F422E47187521287E7156C5C4D603135569B9E9D09CF5D4A270F59746");

        assertThat(EcpKeyExchange.fromKeyPair(DiffieHellmanGroup.ECP_384, i, gi).sharedSecret(gr).toByteArray()).isEqualTo(girx);
        assertThat(EcpKeyExchange.fromKeyPair(DiffieHellmanGroup.ECP_384, r, gr).sharedSecret(gi).toByteArray()).isEqualTo(girx);
    }

    @ParameterizedTest
    @EnumSource(value = DiffieHellmanGroup.class, names = {"ECP_256", "ECP_384"})
    void generatedPartiesAgreeOnTheXCoordinate(DiffieHellmanGroup group) throws Exception {
        KeyExchange initiator = KeyExchange.generate(group, random);
        KeyExchange responder = KeyExchange.generate(group, random);
        assertThat(initiator.publicValue()).hasSize(group.publicValueLength());
        byte[] secret = initiator.sharedSecret(responder.publicValue()).toByteArray();
        assertThat(secret).hasSize(group.sharedSecretLength());
        assertThat(responder.sharedSecret(initiator.publicValue()).toByteArray()).isEqualTo(secret);
    }

    /** RFC 5903 §7: no 0x04 point-format octet; a SEC1 uncompressed point is one byte too long. */
    @ParameterizedTest
    @EnumSource(value = DiffieHellmanGroup.class, names = {"ECP_256", "ECP_384"})
    void refusesTheSec1UncompressedEncoding(DiffieHellmanGroup group) {
        KeyExchange exchange = KeyExchange.generate(group, random);
        byte[] peer = KeyExchange.generate(group, random).publicValue();
        byte[] sec1 = new byte[peer.length + 1];
        sec1[0] = 0x04;
        System.arraycopy(peer, 0, sec1, 1, peer.length);
        assertThatThrownBy(() -> exchange.sharedSecret(sec1))
                .isInstanceOfSatisfying(InvalidPeerPublicValueException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_LENGTH));
    }

    @ParameterizedTest
    @EnumSource(value = DiffieHellmanGroup.class, names = {"ECP_256", "ECP_384"})
    void refusesPointsOffTheCurve(DiffieHellmanGroup group) {
        KeyExchange exchange = KeyExchange.generate(group, random);
        byte[] moved = KeyExchange.generate(group, random).publicValue();
        moved[moved.length - 1] ^= 0x01;
        for (byte[] bad : new byte[][] {moved, new byte[group.publicValueLength()]}) {
            assertThatThrownBy(() -> exchange.sharedSecret(bad))
                    .isInstanceOfSatisfying(InvalidPeerPublicValueException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.NOT_ON_CURVE));
        }
    }

    @ParameterizedTest
    @EnumSource(value = DiffieHellmanGroup.class, names = {"ECP_256", "ECP_384"})
    void refusesCoordinatesAboveTheFieldPrime(DiffieHellmanGroup group) {
        KeyExchange exchange = KeyExchange.generate(group, random);
        byte[] allOnes = new byte[group.publicValueLength()];
        Arrays.fill(allOnes, (byte) 0xff);
        assertThatThrownBy(() -> exchange.sharedSecret(allOnes))
                .isInstanceOfSatisfying(InvalidPeerPublicValueException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.OUT_OF_RANGE));
    }
}
