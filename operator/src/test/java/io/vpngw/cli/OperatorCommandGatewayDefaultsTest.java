package io.vpngw.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vpngw.api.v1alpha1.GatewaySku;
import io.vpngw.operator.GatewayDefaults;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The flags the Helm chart renders from gateway.placement and gateway.resources reach the operator's settings. */
class OperatorCommandGatewayDefaultsTest {

    private static OperatorCommand parse(String... args) {
        OperatorCommand command = new OperatorCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void flagsBecomeGatewayDefaults() {
        GatewayDefaults d = parse("--gateway-node-selector=vpngw.io/gateway-node=true", "--gateway-node-selector=kubernetes.io/os=linux",
                "--gateway-toleration=vpngw.io/gateway-node:NoSchedule", "--gateway-toleration=dedicated=vpn:",
                "--gateway-resources=VpnGw2=1500m/384Mi", "--gateway-resources=VpnGw5AZ=2/1Gi").gatewayDefaults();

        assertThat(d.nodeSelector()).containsOnly(Map.entry("vpngw.io/gateway-node", "true"), Map.entry("kubernetes.io/os", "linux"));
        assertThat(d.tolerations()).hasSize(2);
        assertThat(d.resources()).containsOnly(Map.entry(GatewaySku.VpnGw2, new GatewayDefaults.Resources(1500, 384)),
                Map.entry(GatewaySku.VpnGw5AZ, new GatewayDefaults.Resources(2000, 1024)));
    }

    @Test
    void withoutFlagsThereAreNoDefaults() {
        assertThat(parse().gatewayDefaults()).isEqualTo(GatewayDefaults.NONE);
    }

    @Test
    void aBadValueIsAUsageErrorNamingTheFlagsValue() {
        assertThatThrownBy(() -> parse("--gateway-resources=VpnGw1=1/64Mi").gatewayDefaults())
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("VpnGw1=1/64Mi").hasMessageContaining("at least 160Mi");
    }
}
