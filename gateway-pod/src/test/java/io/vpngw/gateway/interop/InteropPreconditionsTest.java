package io.vpngw.gateway.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class InteropPreconditionsTest {

    private static final List<String> MISSING = List.of("/usr/lib/ipsec/charon (package strongswan-charon)");

    @Test
    void inCiAMissingPieceFailsTheTest() {
        assertThatThrownBy(() -> InteropPreconditions.enforce(true, MISSING))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("CI=true")
                .hasMessageContaining("strongswan-charon");
    }

    @Test
    void outsideCiAMissingPieceSkipsWithTheReason() {
        assertThatThrownBy(() -> InteropPreconditions.enforce(false, MISSING))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("/usr/lib/ipsec/charon")
                .hasMessageContaining("apt-get install -y");
    }

    @Test
    void nothingMissingRunsEverywhere() {
        assertThatCode(() -> InteropPreconditions.enforce(true, List.of())).doesNotThrowAnyException();
        assertThatCode(() -> InteropPreconditions.enforce(false, List.of())).doesNotThrowAnyException();
    }

    @Test
    void ciIsRecognisedFromTheEnvironment() {
        assertThat(InteropPreconditions.isCi(Map.of("CI", "true"))).isTrue();
        assertThat(InteropPreconditions.isCi(Map.of("CI", "TRUE"))).isTrue();
        assertThat(InteropPreconditions.isCi(Map.of("CI", "1"))).isTrue();
        assertThat(InteropPreconditions.isCi(Map.of("CI", "false"))).isFalse();
        assertThat(InteropPreconditions.isCi(Map.of())).isFalse();
    }

    @Test
    void everyPackageItNamesIsInstalledByCi() throws Exception {
        List<String> ciPackages = Files.readAllLines(Path.of("../.ci/packages.txt")).stream()
                .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();

        assertThat(ciPackages).containsAll(InteropPreconditions.debianPackages());
    }
}
