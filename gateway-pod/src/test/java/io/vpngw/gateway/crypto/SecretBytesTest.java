package io.vpngw.gateway.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretBytesTest {

    @Test
    void holdsItsOwnCopy() {
        byte[] source = {1, 2, 3};
        SecretBytes secret = SecretBytes.copyOf(source);
        source[0] = 9;
        byte[] copy = secret.toByteArray();
        copy[1] = 9;
        assertThat(secret.toByteArray()).containsExactly(1, 2, 3);
    }

    @Test
    void adoptTakesTheArrayAndDestroyWipesIt() {
        byte[] array = {5, 6, 7, 8};
        SecretBytes secret = SecretBytes.adopt(array);
        secret.destroy();
        assertThat(array).containsOnly(0);
        assertThat(secret.isDestroyed()).isTrue();
        assertThatThrownBy(secret::toByteArray).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void neverPrintsItsBytes() {
        SecretBytes secret = SecretBytes.copyOf(new byte[] {0x41, 0x42});
        assertThat(secret.toString()).isEqualTo("SecretBytes[2 bytes]").doesNotContain("41");
    }

    @Test
    void slicesAndComparesByContent() {
        SecretBytes secret = SecretBytes.copyOf(new byte[] {1, 2, 3, 4, 5});
        assertThat(secret.slice(1, 3).toByteArray()).containsExactly(2, 3, 4);
        assertThat(secret.slice(1, 3).contentEquals(SecretBytes.copyOf(new byte[] {2, 3, 4}))).isTrue();
        assertThat(secret.slice(1, 3).contentEquals(SecretBytes.copyOf(new byte[] {2, 3, 5}))).isFalse();
        assertThat(secret.slice(1, 3).contentEquals(SecretBytes.copyOf(new byte[] {2, 3}))).isFalse();
        assertThatThrownBy(() -> secret.slice(4, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void theSharedEmptyValueSurvivesDestroy() {
        SecretBytes.empty().destroy();
        assertThat(SecretBytes.empty().isDestroyed()).isFalse();
        assertThat(SecretBytes.empty().length()).isZero();
    }
}
