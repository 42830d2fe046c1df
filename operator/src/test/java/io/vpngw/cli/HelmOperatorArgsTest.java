package io.vpngw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.vpngw.api.v1alpha1.GatewaySku;
import io.vpngw.operator.GatewayDefaults;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The arguments the chart renders for the operator container are ones `vpngw operator` accepts, meaning what the values say. */
class HelmOperatorArgsTest {
    private static final Path CHART = Path.of(System.getProperty("vpngw.helm.dir"), "vpngw");

    private static List<String> args(Path valuesFile) {
        var template = new Helm(CHART).template().withName("vpngw").withNamespace("vpngw-system");
        String out = (valuesFile == null ? template : template.withValuesFile(valuesFile)).call();
        try (KubernetesClient offline = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").build()).build()) {
            List<HasMetadata> objects = offline.load(new ByteArrayInputStream(out.getBytes(StandardCharsets.UTF_8))).items();
            Deployment d = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).findFirst().orElseThrow();
            return d.getSpec().getTemplate().getSpec().getContainers().getFirst().getArgs();
        }
    }

    private static OperatorCommand parse(List<String> args) {
        assertThat(args.getFirst()).isEqualTo("operator");
        OperatorCommand command = new OperatorCommand();
        new CommandLine(command).parseArgs(args.subList(1, args.size()).toArray(String[]::new));
        return command;
    }

    @Test
    void defaultValuesAreTheOperatorsDefaults() {
        OperatorCommand c = parse(args(null));
        assertThat(c.gatewayImage).isEqualTo(io.vpngw.operator.OperatorSettings.DEFAULT_IMAGE);
        assertThat(c.imagePullPolicy).isEqualTo("IfNotPresent");
        assertThat(c.leaseNamespace).isEqualTo("vpngw-system");
        assertThat(c.metricsPort).isEqualTo(8080);
        assertThat(c.resync).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.gatewayDefaults()).isEqualTo(GatewayDefaults.NONE);
    }

    @Test
    void gatewayValuesBecomeTheOperatorsGatewayDefaults() {
        OperatorCommand c = parse(args(Path.of("src/test/resources/helm/values-custom.yaml")));
        GatewayDefaults d = c.gatewayDefaults();
        assertThat(c.gatewayImage).isEqualTo("registry.example.com/vpn/vpngw-gateway:0.1.0-rc1");
        assertThat(c.resync).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.nodeSelector()).containsExactly(Map.entry("vpngw.io/gateway-node", "true"));
        assertThat(d.tolerations()).satisfiesExactlyInAnyOrder(
                t -> {
                    assertThat(t.getKey()).isEqualTo("vpngw.io/gateway-node");
                    assertThat(t.getOperator()).isEqualTo("Exists");
                    assertThat(t.getEffect()).isEqualTo("NoSchedule");
                },
                t -> {
                    assertThat(t.getKey()).isEqualTo("dedicated");
                    assertThat(t.getOperator()).isEqualTo("Equal");
                    assertThat(t.getValue()).isEqualTo("vpn");
                    assertThat(t.getEffect()).isEqualTo("NoExecute");
                });
        assertThat(d.resources()).containsOnly(Map.entry(GatewaySku.VpnGw2, new GatewayDefaults.Resources(1500, 384)),
                Map.entry(GatewaySku.VpnGw5AZ, new GatewayDefaults.Resources(2000, 1024)));
    }
}
