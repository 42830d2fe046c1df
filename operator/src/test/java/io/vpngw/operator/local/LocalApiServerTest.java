package io.vpngw.operator.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import io.vpngw.api.v1alpha1.VirtualNetworkGateway;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalApiServerTest {
    private final LocalApiServer api = LocalApiServer.start(InetAddress.getLoopbackAddress(), 0);
    @TempDir
    Path dir;

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void discoveryNamesTheVpngwKindsAndTheBuiltInsTheOperatorUses() {
        var groups = api.client().getApiGroups().getGroups();
        assertThat(groups).extracting(g -> g.getName()).contains("vpngw.io", "rbac.authorization.k8s.io", "coordination.k8s.io");
        var vpngw = api.client().getApiResources("vpngw.io/v1alpha1").getResources();
        assertThat(vpngw).extracting(r -> r.getName()).contains("virtualnetworkgateways", "localnetworkgateways", "connections");
        assertThat(vpngw.stream().filter(r -> r.getName().equals("virtualnetworkgateways")).findFirst().orElseThrow()
                .getShortNames()).contains("vng");
        assertThat(api.client().resources(VirtualNetworkGateway.class).inAnyNamespace().list().getItems()).isEmpty();
    }

    @Test
    void kubectlAppliesGetsAndDeletesThroughTheWrittenKubeconfig() throws Exception {
        Assumptions.assumeTrue(onPath("kubectl"), "kubectl is not installed");
        Path kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"));
        Path examples = Path.of(System.getProperty("vpngw.examples.dir"), "site-to-site");
        String applied = kubectl(kubeconfig, "apply", "-f", examples.toString());
        assertThat(applied).contains("virtualnetworkgateway.vpngw.io/gw-hub created");
        String listed = kubectl(kubeconfig, "get", "vpngw", "-A");
        assertThat(listed).contains("gw-hub").contains("branch-office").contains("hub-to-branch-office");
        assertThat(kubectl(kubeconfig, "apply", "-f", examples.toString())).contains("unchanged");
        assertThat(kubectl(kubeconfig, "delete", "vng", "gw-hub")).contains("deleted");
    }

    @Test
    void vpngwObjectsAreDefaultedAndCheckedAsTheApiServerWould() {
        var resource = api.client().resources(VirtualNetworkGateway.class).inNamespace("default");
        VirtualNetworkGateway gw = resource.load(new java.io.ByteArrayInputStream("""
                apiVersion: vpngw.io/v1alpha1
                kind: VirtualNetworkGateway
                metadata: {name: gw1}
                spec: {sku: Basic, activeActive: true, virtualNetwork: {addressSpace: [10.1.0.0/16]}}
                """.getBytes())).item();
        assertThatThrownBy(() -> resource.resource(gw).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getStatus().getMessage()).isEqualTo("VirtualNetworkGateway.vpngw.io \"gw1\" is invalid: "
                            + "spec: Invalid value: \"object\": activeActive needs a RouteBased gateway with a VpnGw SKU; "
                            + "Basic and PolicyBased gateways are active-standby only");
                });
        assertThat(resource.withName("gw1").get()).as("nothing stored").isNull();

        gw.getSpec().setActiveActive(false);
        resource.resource(gw).create();
        VirtualNetworkGateway stored = resource.withName("gw1").get();
        assertThat(stored.getSpec().getVpnType()).as("defaulted").hasToString("RouteBased");

        // a merge patch that breaks a rule is refused and changes nothing
        assertThatThrownBy(() -> resource.withName("gw1").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\":{\"enableBgp\":true}}"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
        assertThat(resource.withName("gw1").get().getSpec().getEnableBgp()).isNotEqualTo(Boolean.TRUE);
        // status writes are the operator's and are not held to the spec's rules
        resource.withName("gw1").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"a\":\"b\"}}}");
        assertThat(resource.withName("gw1").get().getMetadata().getLabels()).containsEntry("a", "b");
    }

    @Test
    void kubectlShowsTheRefusalItsUserWouldSee() throws Exception {
        Assumptions.assumeTrue(onPath("kubectl"), "kubectl is not installed");
        Path kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"));
        Path bad = Files.writeString(dir.resolve("bad.yaml"), """
                apiVersion: vpngw.io/v1alpha1
                kind: VirtualNetworkGateway
                metadata: {name: gw1}
                spec: {sku: Basic, enableBgp: true, virtualNetwork: {addressSpace: [10.1.0.0/16]}}
                """);
        Process p = new ProcessBuilder("kubectl", "--kubeconfig", kubeconfig.toString(), "apply", "-f", bad.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isNotZero();
        assertThat(out).contains("sku Basic does not support BGP; choose VpnGw1 or larger, or set enableBgp to false");
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static String kubectl(Path kubeconfig, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
        return out;
    }
}
