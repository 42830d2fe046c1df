package io.vpngw.gateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConstantTimeTest {

    @Test
    void comparesRanges() {
        byte[] a = {9, 1, 2, 3, 9};
        byte[] b = {1, 2, 3};
        assertThat(ConstantTime.equals(a, 1, b, 0, 3)).isTrue();
        assertThat(ConstantTime.equals(a, 0, b, 0, 3)).isFalse();
        assertThat(ConstantTime.equals(a, 1, b, 0, 0)).isTrue();
    }

    @Test
    void findsADifferenceInTheLastByte() {
        byte[] a = {1, 2, 3, 4};
        byte[] b = {1, 2, 3, 5};
        assertThat(ConstantTime.equals(a, 0, b, 0, 4)).isFalse();
        assertThat(ConstantTime.equals(a, 0, b, 0, 3)).isTrue();
    }

    @Test
    void refusesRangesOutsideTheArrays() {
        assertThatThrownBy(() -> ConstantTime.equals(new byte[2], 1, new byte[4], 0, 2))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
