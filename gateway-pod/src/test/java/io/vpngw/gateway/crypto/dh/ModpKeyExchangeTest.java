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

class ModpKeyExchangeTest {

    // RFC 5114 Appendix A.3, "2048-bit MODP Group with 256-bit Prime Order Subgroup" test data.
    private static final BigInteger X_A = new BigInteger("0881382CDB87660C6DC13E614938D5B9C8B2F248581CC5E31B35454397FCE50E", 16);
    private static final byte[] Y_A = hex("""
            2E9380C8323AF97545BC4941DEB0EC3742C62FE0ECE824A6ABDBE66C59BEE024
            2911BFB967235CEBA35AE13E4EC752BE630B92DC4BDE2847A9C62CB815274542
            1FB7EB60A63C0FE9159FCCE726CE7CD8523D7450667EF840E4919121EB5F01C8
            C9B0D3D648A93BFB75689E8244AC134AF544711CE79A02DCC34226684780DDDC
            B498594106C37F5BC79856487AF5AB022A2E5E42F09897C1A85A11EA0212AF04
            D9B4CEBC937C3C1A3E15A8A0342E337615C84E7FE3B8B9B87FB1E73A15AF12A3
            0D746E06DFC34F290D797CE51AA13AA785BF6658AFF5E4B093003CBEAF665B3C
            2E113A3A4E905269341DC0711426685F4EF37E868A8126FF3F2279B57CA67E29""");
    private static final BigInteger X_B = new BigInteger("7D62A7E3EF36DE617B13D1AFB82C780D83A23BD4EE6705645121F371F546A53D", 16);
    private static final byte[] Y_B = hex("""
            575F0351BD2B1B817448BDF87A6C362C1E289D3903A30B9832C5741FA250363E
            7ACBC7F77F3DACBC1F131ADD8E03367EFF8FBBB3E1C5784424809B25AFE4D226
            2A1A6FD2FAB64105CA30A674E07F7809852088632FC049233791AD4EDD083A97
            8B883EE618BC5E0DD047415F2D95E683CF14826B5FBE10D3CE41C6C120C78AB2
            0008C698BF7F0BCAB9D7F407BED0F43AFB2970F57F8D12043963E66DDD320D59
            9AD9936C8F44137C08B180EC5E985CEBE186F3D549677E80607331EE17AF3380
            A725B0782317D7DD43F59D7AF9568A9BB63A84D365F92244ED120988219302F4
            2924C7CA90B89D24F71B0AB697823D7DEB1AFF5B0E8E4A45D49F7F53757E1913""");
    private static final byte[] Z = hex("""
            86C70BF8D0BB81BB01078A17219CB7D27203DB2A19C877F1D1F19FD7D77EF225
            46A68F005AD52DC84553B78FC60330BE51EA7C0672CAC1515E4B35C047B9A551
            B88F39DC26DA14A09EF74774D47C762DD177F9ED5BC2F11E52C879BD95098504
            CD9EECD8A8F9B3EFBD1F008AC5853097D9D1837F2B18F77CD7BE01AF80A7C7B5
            EA3CA54CC02D0C116FEE3F95BB87399385875D7E86747E676E728938ACBFF709
            8E05BE4DCFB24052B83AEFFB14783F029ADBDE7F53FAE92084224090E007CEE9
            4D4BF2BACE9FFD4B57D2AF7C724D0CAA19BF0501F6F17B4AA10F425E3EA76080
            B4B9D6B3CEFEA115B2CEB8789BB8A3B0EA87FEBE63B6C8F846EC6DB0C26C5D7C""");

    private final SecureRandom random = new SecureRandom();

    @Test
    void rfc5114Group24VectorFromBothSides() throws Exception {
        ModpKeyExchange alice = ModpKeyExchange.fromPrivateExponent(DiffieHellmanGroup.MODP_2048_256, X_A);
        ModpKeyExchange bob = ModpKeyExchange.fromPrivateExponent(DiffieHellmanGroup.MODP_2048_256, X_B);
        assertThat(alice.publicValue()).isEqualTo(Y_A);
        assertThat(bob.publicValue()).isEqualTo(Y_B);
        assertThat(alice.sharedSecret(Y_B).toByteArray()).isEqualTo(Z);
        assertThat(bob.sharedSecret(Y_A).toByteArray()).isEqualTo(Z);
    }

    @ParameterizedTest
    @EnumSource(value = DiffieHellmanGroup.class, names = {"MODP_1024", "MODP_2048", "MODP_2048_256"})
    void generatedPartiesAgree(DiffieHellmanGroup group) throws Exception {
        KeyExchange initiator = KeyExchange.generate(group, random);
        KeyExchange responder = KeyExchange.generate(group, random);
        assertThat(initiator.publicValue()).hasSize(group.publicValueLength()).isNotEqualTo(responder.publicValue());
        byte[] secret = initiator.sharedSecret(responder.publicValue()).toByteArray();
        assertThat(secret).hasSize(group.sharedSecretLength());
        assertThat(responder.sharedSecret(initiator.publicValue()).toByteArray()).isEqualTo(secret);
    }

    @Test
    void group24PrivateExponentsStayBelowTheSubgroupOrder() {
        // A public value is g^x; its x cannot be read back, but a value outside the subgroup would betray a bad g.
        ModpGroupParameters parameters = ModpGroupParameters.MODP_2048_256;
        KeyExchange exchange = KeyExchange.generate(DiffieHellmanGroup.MODP_2048_256, random);
        BigInteger y = new BigInteger(1, exchange.publicValue());
        assertThat(y.modPow(parameters.subgroupOrder(), parameters.prime())).isEqualTo(BigInteger.ONE);
    }

    /** g^ir keeps its leading zero bytes: RFC 7296 §2.14 pads it to the modulus length. */
    @Test
    void sharedSecretIsPaddedToTheModulusLength() throws Exception {
        ModpGroupParameters parameters = ModpGroupParameters.MODP_1024;
        ModpKeyExchange ours = ModpKeyExchange.fromPrivateExponent(DiffieHellmanGroup.MODP_1024, BigInteger.TWO);
        BigInteger threshold = BigInteger.ONE.shiftLeft(1024 - 8);
        for (int peerExponent = 2; ; peerExponent++) {
            BigInteger exponent = BigInteger.valueOf(peerExponent);
            BigInteger expected = parameters.generator().modPow(exponent.shiftLeft(1), parameters.prime());
            if (expected.compareTo(threshold) < 0) {
                BigInteger peer = parameters.generator().modPow(exponent, parameters.prime());
                byte[] secret = ours.sharedSecret(fixed(peer, 128)).toByteArray();
                assertThat(secret).hasSize(128);
                assertThat(secret[0]).isZero();
                assertThat(new BigInteger(1, secret)).isEqualTo(expected);
                return;
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DiffieHellmanGroup.class, names = {"MODP_1024", "MODP_2048", "MODP_2048_256"})
    void rangeCheckRefusesTrivialValues(DiffieHellmanGroup group) {
        KeyExchange exchange = KeyExchange.generate(group, random);
        BigInteger p = ModpGroupParameters.of(group).prime();
        int length = group.publicValueLength();
        for (BigInteger bad : new BigInteger[] {BigInteger.ZERO, BigInteger.ONE, p.subtract(BigInteger.ONE), p, p.add(BigInteger.ONE)}) {
            assertThatThrownBy(() -> exchange.sharedSecret(fixed(bad, length)))
                    .as("y = %s", bad)
                    .isInstanceOfSatisfying(InvalidPeerPublicValueException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.OUT_OF_RANGE);
                        assertThat(e.group()).isEqualTo(group);
                    });
        }
    }

    @ParameterizedTest
    @EnumSource(value = DiffieHellmanGroup.class, names = {"MODP_1024", "MODP_2048", "MODP_2048_256"})
    void refusesValuesOfTheWrongLength(DiffieHellmanGroup group) {
        KeyExchange exchange = KeyExchange.generate(group, random);
        byte[] valid = KeyExchange.generate(group, random).publicValue();
        byte[] withoutLeadingByte = Arrays.copyOfRange(valid, 1, valid.length);
        byte[] extended = new byte[valid.length + 1];
        System.arraycopy(valid, 0, extended, 1, valid.length);
        for (byte[] bad : new byte[][] {withoutLeadingByte, extended, new byte[0]}) {
            assertThatThrownBy(() -> exchange.sharedSecret(bad))
                    .isInstanceOfSatisfying(InvalidPeerPublicValueException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_LENGTH));
        }
    }

    /** RFC 6989 §2.2: group 24 has small subgroups, so values outside the order-q subgroup are refused. */
    @Test
    void group24RefusesValuesOutsideThePrimeOrderSubgroup() throws Exception {
        KeyExchange exchange = KeyExchange.generate(DiffieHellmanGroup.MODP_2048_256, random);
        assertThatThrownBy(() -> exchange.sharedSecret(fixed(BigInteger.TWO, 256)))
                .isInstanceOfSatisfying(InvalidPeerPublicValueException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_IN_PRIME_ORDER_SUBGROUP));
        KeyExchange safePrimeGroup = KeyExchange.generate(DiffieHellmanGroup.MODP_2048, random);
        assertThat(safePrimeGroup.sharedSecret(fixed(BigInteger.TWO, 256)).length())
                .as("in a safe-prime group 2 is a legitimate public value").isEqualTo(256);
    }

    private static byte[] fixed(BigInteger value, int length) {
        byte[] magnitude = value.toByteArray();
        byte[] out = new byte[length];
        int significant = Math.min(magnitude.length, length);
        System.arraycopy(magnitude, magnitude.length - significant, out, length - significant, significant);
        return out;
    }
}
