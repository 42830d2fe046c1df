package io.vpngw.gateway.crypto.dh;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;

/**
 * The prime constants checked against their definitions rather than against another copy of the
 * hex: RFC 2409 §6.2 and RFC 3526 §3 define p = 2^n - 2^(n-64) - 1 + 2^64 * (floor(2^(n-130) pi) + k).
 */
class ModpGroupParametersTest {

    private static final MathContext PRECISION = new MathContext(800, RoundingMode.DOWN);

    @Test
    void group2IsTheOakleyPrimeBuiltFromPi() {
        assertThat(ModpGroupParameters.MODP_1024.prime()).isEqualTo(oakleyPrime(1024, 129093));
        assertThat(ModpGroupParameters.MODP_1024.generator()).isEqualTo(BigInteger.TWO);
        assertThat(ModpGroupParameters.MODP_1024.length()).isEqualTo(128);
    }

    @Test
    void group14IsTheRfc3526PrimeBuiltFromPi() {
        assertThat(ModpGroupParameters.MODP_2048.prime()).isEqualTo(oakleyPrime(2048, 124476));
        assertThat(ModpGroupParameters.MODP_2048.length()).isEqualTo(256);
    }

    @Test
    void safePrimeGroupsAreSafePrimes() {
        for (ModpGroupParameters group : new ModpGroupParameters[] {ModpGroupParameters.MODP_1024, ModpGroupParameters.MODP_2048}) {
            assertThat(group.safePrime()).isTrue();
            assertThat(group.prime().isProbablePrime(64)).isTrue();
            assertThat(group.subgroupOrder().isProbablePrime(64)).isTrue();
            assertThat(group.subgroupOrder().shiftLeft(1).add(BigInteger.ONE)).isEqualTo(group.prime());
        }
    }

    /** RFC 5114 §2.3: q is a 256-bit prime dividing p - 1 and g has order q. */
    @Test
    void group24GeneratesItsPrimeOrderSubgroup() {
        ModpGroupParameters group = ModpGroupParameters.MODP_2048_256;
        assertThat(group.safePrime()).isFalse();
        assertThat(group.prime().bitLength()).isEqualTo(2048);
        assertThat(group.subgroupOrder().bitLength()).isEqualTo(256);
        assertThat(group.prime().isProbablePrime(64)).isTrue();
        assertThat(group.subgroupOrder().isProbablePrime(64)).isTrue();
        assertThat(group.prime().subtract(BigInteger.ONE).mod(group.subgroupOrder())).isEqualTo(BigInteger.ZERO);
        assertThat(group.generator().modPow(group.subgroupOrder(), group.prime())).isEqualTo(BigInteger.ONE);
        assertThat(group.generator()).isNotEqualTo(BigInteger.ONE);
    }

    private static BigInteger oakleyPrime(int bits, int offset) {
        BigInteger piPart = pi().multiply(new BigDecimal(BigInteger.TWO.pow(bits - 130))).toBigInteger();
        return BigInteger.TWO.pow(bits)
                .subtract(BigInteger.TWO.pow(bits - 64))
                .subtract(BigInteger.ONE)
                .add(BigInteger.TWO.pow(64).multiply(piPart.add(BigInteger.valueOf(offset))));
    }

    /** Machin: pi = 16 atan(1/5) - 4 atan(1/239). */
    private static BigDecimal pi() {
        return arctanOfInverse(5).multiply(BigDecimal.valueOf(16)).subtract(arctanOfInverse(239).multiply(BigDecimal.valueOf(4)));
    }

    private static BigDecimal arctanOfInverse(int x) {
        BigDecimal xSquared = BigDecimal.valueOf((long) x * x);
        BigDecimal power = BigDecimal.ONE.divide(BigDecimal.valueOf(x), PRECISION);
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal epsilon = BigDecimal.ONE.movePointLeft(PRECISION.getPrecision());
        for (int n = 0; power.compareTo(epsilon) > 0; n++) {
            BigDecimal term = power.divide(BigDecimal.valueOf(2L * n + 1), PRECISION);
            sum = n % 2 == 0 ? sum.add(term) : sum.subtract(term);
            power = power.divide(xSquared, PRECISION);
        }
        return sum;
    }
}
