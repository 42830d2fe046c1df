package io.vpngw.gateway.crypto.dh;

import io.vpngw.gateway.crypto.DiffieHellmanGroup;
import java.math.BigInteger;

/**
 * The finite-field Diffie-Hellman groups IKEv2 uses here.
 *
 * @param prime          p
 * @param generator      g
 * @param subgroupOrder  q, the prime order of g
 * @param safePrime      whether p = 2q + 1; only then is the range check [2, p-2] enough to
 *                       keep a peer's value out of small subgroups (RFC 6989 §2.1)
 */
record ModpGroupParameters(BigInteger prime, BigInteger generator, BigInteger subgroupOrder, boolean safePrime) {

    /** RFC 2409 §6.2, "Second Oakley Group": 2^1024 - 2^960 - 1 + 2^64 * { [2^894 pi] + 129093 }. */
    static final ModpGroupParameters MODP_1024 = safePrime(
            "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
            + "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
            + "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
            + "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF");

    /** RFC 3526 §3, group 14: 2^2048 - 2^1984 - 1 + 2^64 * { [2^1918 pi] + 124476 }. */
    static final ModpGroupParameters MODP_2048 = safePrime(
            "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
            + "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
            + "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
            + "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05"
            + "98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB"
            + "9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
            + "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718"
            + "3995497CEA956AE515D2261898FA051015728E5A8AACAA68FFFFFFFFFFFFFFFF");

    /**
     * RFC 5114 §2.3, IKEv2 group 24: p is not a safe prime and g generates a subgroup of the
     * 256-bit prime order q, so peers' values need the subgroup check (RFC 6989 §2.2).
     */
    static final ModpGroupParameters MODP_2048_256 = new ModpGroupParameters(
            hex("87A8E61DB4B6663CFFBBD19C651959998CEEF608660DD0F25D2CEED4435E3B00"
                    + "E00DF8F1D61957D4FAF7DF4561B2AA3016C3D91134096FAA3BF4296D830E9A7C"
                    + "209E0C6497517ABD5A8A9D306BCF67ED91F9E6725B4758C022E0B1EF4275BF7B"
                    + "6C5BFC11D45F9088B941F54EB1E59BB8BC39A0BF12307F5C4FDB70C581B23F76"
                    + "B63ACAE1CAA6B7902D52526735488A0EF13C6D9A51BFA4AB3AD8347796524D8E"
                    + "F6A167B5A41825D967E144E5140564251CCACB83E6B486F6B3CA3F7971506026"
                    + "C0B857F689962856DED4010ABD0BE621C3A3960A54E710C375F26375D7014103"
                    + "A4B54330C198AF126116D2276E11715F693877FAD7EF09CADB094AE91E1A1597"),
            hex("3FB32C9B73134D0B2E77506660EDBD484CA7B18F21EF205407F4793A1A0BA125"
                    + "10DBC15077BE463FFF4FED4AAC0BB555BE3A6C1B0C6B47B1BC3773BF7E8C6F62"
                    + "901228F8C28CBB18A55AE31341000A650196F931C77A57F2DDF463E5E9EC144B"
                    + "777DE62AAAB8A8628AC376D282D6ED3864E67982428EBC831D14348F6F2F9193"
                    + "B5045AF2767164E1DFC967C1FB3F2E55A4BD1BFFE83B9C80D052B985D182EA0A"
                    + "DB2A3B7313D3FE14C8484B1E052588B9B7D2BBD2DF016199ECD06E1557CD0915"
                    + "B3353BBB64E0EC377FD028370DF92B52C7891428CDC67EB6184B523D1DB246C3"
                    + "2F63078490F00EF8D647D148D47954515E2327CFEF98C582664B4C0F6CC41659"),
            hex("8CF83642A709A097B447997640129DA299B1A47D1EB3750BA308B0FE64F5FBD3"),
            false);

    static ModpGroupParameters of(DiffieHellmanGroup group) {
        return switch (group) {
            case MODP_1024 -> MODP_1024;
            case MODP_2048 -> MODP_2048;
            case MODP_2048_256 -> MODP_2048_256;
            case ECP_256, ECP_384, CURVE25519 -> throw new IllegalArgumentException(group + " is not a MODP group");
        };
    }

    /** Length of p, and so of every public value and shared secret, in bytes. */
    int length() {
        return (prime.bitLength() + 7) / 8;
    }

    private static ModpGroupParameters safePrime(String primeHex) {
        BigInteger p = hex(primeHex);
        return new ModpGroupParameters(p, BigInteger.TWO, p.subtract(BigInteger.ONE).shiftRight(1), true);
    }

    private static BigInteger hex(String digits) {
        return new BigInteger(digits, 16);
    }
}
