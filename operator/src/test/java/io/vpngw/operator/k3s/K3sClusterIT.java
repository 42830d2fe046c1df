package io.vpngw.operator.k3s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vpngw.api.v1alpha1.Connection;
import io.vpngw.api.v1alpha1.ConnectionState;
import io.vpngw.api.v1alpha1.PublicEndpoint;
import io.vpngw.api.v1alpha1.ServiceType;
import io.vpngw.api.v1alpha1.VirtualNetworkGateway;
import io.vpngw.operator.Names;
import io.vpngw.operator.OperatorSettings;
import io.vpngw.operator.Version;
import io.vpngw.operator.status.Conditions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * vpngw in a real cluster: k3s in a container, the images built from the shaded jar and
 * src/main/docker/Dockerfile and loaded into k3s's containerd, the CRDs and deploy/ applied as a
 * user would, then examples/vnet-to-vnet through its life: both gateways Ready with their pods
 * running and one active instance each, both Connections Connected, and after deletion nothing
 * left. Run with {@code ./mvnw verify -Pe2e-k3s}; without a Docker engine it is reported skipped
 * ({@link RequiresDocker}).
 *
 * <p>How the peers reach each other: k3s has one node and ServiceLB (klipper-lb) binds a
 * LoadBalancer Service's ports on the node's address, so of two gateways that both need UDP
 * 500/4500 only one could get an address there. The suite therefore gives both gateways
 * {@code publicEndpoint.serviceType: ClusterIP}: the operator then publishes each Service's
 * cluster IP as the gateway's address, each gateway's configuration names the other's cluster IP
 * as its peer, and kube-proxy carries IKE and ESP-in-UDP from one gateway pod to the active pod
 * of the other.
 */
@Tag("k3s")
@ExtendWith(RequiresDocker.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class K3sClusterIT {
    private static final DockerImageName K3S = DockerImageName.parse(System.getProperty("vpngw.k3s.image", "rancher/k3s:v1.31.4-k3s1"));
    private static final String OPERATOR_IMAGE = "vpngw/operator:" + Version.current();
    private static final String GATEWAY_IMAGE = OperatorSettings.DEFAULT_IMAGE;
    private static final Duration INSTALL = Duration.ofMinutes(5);
    private static final Duration SETTLE = Duration.ofMinutes(5);
    private static final Map<String, String> MANAGED = Map.of(Names.LABEL_MANAGED_BY, Names.MANAGED_BY);
    /** namespace, gateway of examples/vnet-to-vnet */
    private static final List<String[]> GATEWAYS = List.of(new String[] {"vnet-east", "gw-east"}, new String[] {"vnet-west", "gw-west"});

    private static K3sContainer k3s;
    private static KubernetesClient client;
    private static List<HasMetadata> example;

    @BeforeAll
    static void installIntoK3s() throws Exception {
        assertThat(GATEWAY_IMAGE).as("the operator's default gateway image").isEqualTo("vpngw/gateway:" + Version.current());
        Path jar = Path.of(System.getProperty("vpngw.jar"));
        assertThat(jar).as("the shaded jar (failsafe runs after package)").isRegularFile();
        Path dockerfile = Path.of(System.getProperty("vpngw.dockerfile"));
        build(OPERATOR_IMAGE, "operator", dockerfile, jar);
        build(GATEWAY_IMAGE, "gateway", dockerfile, jar);

        k3s = new K3sContainer(K3S);
        k3s.start();
        load(OPERATOR_IMAGE);
        load(GATEWAY_IMAGE);
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml())).build();

        // kubectl apply -f crds/
        for (Path crdFile : files(Path.of(System.getProperty("vpngw.crds.dir")), ".yml")) {
            for (HasMetadata crd : load(crdFile)) {
                client.resource(crd).createOr(NonDeletingOperation::update);
                client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                        .waitUntilCondition(K3sClusterIT::established, INSTALL.toSeconds(), TimeUnit.SECONDS);
            }
        }
        // kubectl apply -f deploy/
        for (Path manifest : files(Path.of(System.getProperty("vpngw.deploy.dir")), ".yaml")) {
            load(manifest).forEach(o -> client.resource(o).createOr(NonDeletingOperation::update));
        }
        Deployment operator = client.apps().deployments().inNamespace("vpngw-system").withName("vpngw-operator")
                .waitUntilCondition(d -> d != null && d.getStatus() != null && Integer.valueOf(1).equals(d.getStatus().getReadyReplicas()),
                        INSTALL.toSeconds(), TimeUnit.SECONDS);
        assertThat(operator.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()).isEqualTo(OPERATOR_IMAGE);

        // kubectl apply -f examples/vnet-to-vnet/, with both gateways on ClusterIP Services (see the class comment)
        example = new ArrayList<>();
        for (Path manifest : files(Path.of(System.getProperty("vpngw.examples.dir"), "vnet-to-vnet"), ".yaml")) {
            example.addAll(load(manifest));
        }
        example.sort((a, b) -> Boolean.compare(!a.getKind().equals("Namespace"), !b.getKind().equals("Namespace")));
        for (int i = 0; i < example.size(); i++) {
            if (example.get(i).getKind().equals("VirtualNetworkGateway")) {
                VirtualNetworkGateway gw = Serialization.unmarshal(Serialization.asJson(example.get(i)), VirtualNetworkGateway.class);
                if (gw.getSpec().getPublicEndpoint() == null) {
                    gw.getSpec().setPublicEndpoint(new PublicEndpoint());
                }
                gw.getSpec().getPublicEndpoint().setServiceType(ServiceType.ClusterIP);
                example.set(i, gw);
            }
            client.resource(example.get(i)).createOr(NonDeletingOperation::update);
        }
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (k3s != null) {
            k3s.stop();
        }
    }

    @Test
    @Order(1)
    void gatewaysBecomeReadyWithTwoRunningInstancesOneActive() {
        for (String[] g : GATEWAYS) {
            VirtualNetworkGateway gw = client.resources(VirtualNetworkGateway.class).inNamespace(g[0]).withName(g[1])
                    .waitUntilCondition(x -> x != null && x.getStatus() != null && Conditions.isTrue(x.getStatus().getConditions(), Conditions.READY),
                            SETTLE.toSeconds(), TimeUnit.SECONDS);
            assertThat(gw.getStatus().getPublicIpAddresses()).as("address of %s/%s", g[0], g[1]).isNotEmpty();
            List<Pod> pods = await().atMost(SETTLE).pollInterval(Duration.ofSeconds(1)).until(
                    () -> client.pods().inNamespace(g[0]).withLabel(Names.LABEL_GATEWAY, g[1]).list().getItems(),
                    p -> p.size() == 2 && p.stream().allMatch(K3sClusterIT::running)
                            && p.stream().filter(x -> Names.ROLE_ACTIVE.equals(x.getMetadata().getLabels().get(Names.LABEL_ROLE))).count() == 1);
            assertThat(pods).allSatisfy(p -> assertThat(p.getSpec().getContainers().getFirst().getImage()).isEqualTo(GATEWAY_IMAGE));
        }
    }

    @Test
    @Order(2)
    void connectionsBetweenTheGatewaysConnect() {
        for (String[] c : List.of(new String[] {"vnet-east", "east-to-west"}, new String[] {"vnet-west", "west-to-east"})) {
            Connection connected = client.resources(Connection.class).inNamespace(c[0]).withName(c[1])
                    .waitUntilCondition(x -> x != null && x.getStatus() != null && x.getStatus().getConnectionStatus() == ConnectionState.Connected,
                            SETTLE.toSeconds(), TimeUnit.SECONDS);
            assertThat(connected.getStatus().getConnectionStatus()).isEqualTo(ConnectionState.Connected);
        }
    }

    @Test
    @Order(3)
    void deletingTheExampleLeavesNothingBehind() {
        for (HasMetadata o : example.reversed()) {
            if (!o.getKind().equals("Namespace")) {
                client.resource(o).delete();
            }
        }
        for (String[] g : GATEWAYS) {
            await().atMost(SETTLE).pollInterval(Duration.ofSeconds(1)).until(
                    () -> client.resources(VirtualNetworkGateway.class).inNamespace(g[0]).list().getItems().size()
                            + client.resources(Connection.class).inNamespace(g[0]).list().getItems().size()
                            + client.pods().inNamespace(g[0]).withLabels(MANAGED).list().getItems().size()
                            + client.services().inNamespace(g[0]).withLabels(MANAGED).list().getItems().size()
                            + client.configMaps().inNamespace(g[0]).withLabels(MANAGED).list().getItems().size()
                            + client.secrets().inNamespace(g[0]).withLabels(MANAGED).list().getItems().size()
                            + client.serviceAccounts().inNamespace(g[0]).withLabels(MANAGED).list().getItems().size()
                            + client.rbac().roles().inNamespace(g[0]).withLabels(MANAGED).list().getItems().size()
                            + client.rbac().roleBindings().inNamespace(g[0]).withLabels(MANAGED).list().getItems().size()
                            + client.policy().v1().podDisruptionBudget().inNamespace(g[0]).withLabels(MANAGED).list().getItems().size(),
                    n -> n == 0);
            assertThat(client.leases().inNamespace(g[0]).withName(Names.lease(g[1])).get()).as("lease of %s", g[1]).isNull();
        }
    }

    private static boolean running(Pod p) {
        return p.getStatus() != null && "Running".equals(p.getStatus().getPhase());
    }

    private static boolean established(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null && crd.getStatus().getConditions().stream()
                .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Builds one target of the Dockerfile with the local Docker engine, context: the jar alone. */
    private static void build(String image, String target, Path dockerfile, Path jar) {
        String built = new ImageFromDockerfile(image, false)
                .withFileFromPath("Dockerfile", dockerfile)
                .withFileFromPath("vpngw.jar", jar)
                .withTarget(target)
                .get();
        assertThat(built).isEqualTo(image);
    }

    /** Copies an image from the Docker engine into k3s's containerd, where the kubelet finds it (imagePullPolicy IfNotPresent). */
    private static void load(String image) throws IOException, InterruptedException {
        Path tar = Files.createTempFile("vpngw-image", ".tar");
        try {
            int colon = image.lastIndexOf(':');
            try (InputStream in = DockerClientFactory.instance().client()
                    .saveImageCmd(image.substring(0, colon)).withTag(image.substring(colon + 1)).exec()) {
                Files.copy(in, tar, StandardCopyOption.REPLACE_EXISTING);
            }
            String inside = "/tmp/" + tar.getFileName();
            k3s.copyFileToContainer(MountableFile.forHostPath(tar), inside);
            ExecResult imported = k3s.execInContainer("k3s", "ctr", "--namespace", "k8s.io", "images", "import", inside);
            assertThat(imported.getExitCode()).as("ctr images import %s: %s", image, imported.getStderr()).isZero();
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static List<HasMetadata> load(Path manifest) throws IOException {
        try (InputStream in = Files.newInputStream(manifest)) {
            return client.load(in).items();
        }
    }
}
