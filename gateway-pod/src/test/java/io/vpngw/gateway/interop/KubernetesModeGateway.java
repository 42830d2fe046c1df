package io.vpngw.gateway.interop;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.vpngw.gateway.config.ConnectionConfig;
import io.vpngw.gateway.config.GatewayConfig;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Our gateway as the pod runs it ({@code GatewayMain --kubernetes}, JVM options in
 * {@code JAVA_TOOL_OPTIONS}, everything else from the environment the operator renders), inside a
 * namespace, against Fabric8's mock API server in CRUD mode on the host end of a veth of its own.
 * The mock holds the objects the operator would have written: the pod, its ConfigMap and Secret;
 * the gateway takes the Lease, labels its pod and writes its status as in a cluster.
 */
final class KubernetesModeGateway implements AutoCloseable {
    static final String NAMESPACE = "vpn";
    private static final String POD = "gw-vpngw-0";
    private static final String CONFIG_MAP = "gw-vpngw-config";
    private static final String SECRET = "gw-vpngw";
    private static final String STATUS_CONFIG_MAP = "gw-vpngw-0-status";
    private static final Duration ACTIVE_TIMEOUT = Duration.ofSeconds(60);
    /** The mock logs every request at INFO; held here so the level sticks (JUL keeps loggers weakly). */
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(Level.WARNING);
    }

    private final KubernetesMockServer api;
    private final KubernetesClient client;
    private final NamespaceProcess process;

    private KubernetesModeGateway(KubernetesMockServer api, KubernetesClient client, NamespaceProcess process) {
        this.api = api;
        this.client = client;
        this.process = process;
    }

    /**
     * Starts the mock API on a new host link of {@code ns}, stores the configuration and PSKs, and
     * starts the gateway bound to {@code bind}; returns once it holds the Lease (active).
     */
    static KubernetesModeGateway start(InteropLab lab, NetworkNamespace ns, GatewayConfig config, String psk, String bind,
                                       List<String> jvmOptions) throws Exception {
        // a /30 per lab from the pid, so that labs of concurrent test JVMs do not share host addresses
        long pid = ProcessHandle.current().pid();
        String prefix = "198.19." + ((pid >> 6) & 0xff) + ".";
        int base = (int) (pid & 0x3f) * 4;
        String hostAddress = prefix + (base + 1);
        ns.connectToHost("kube", prefix + (base + 2) + "/30", lab.hostInterfaceName(), hostAddress + "/30");

        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMockServer api = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        api.init(InetAddress.getByName(hostAddress), 0);
        lab.closeWithLab(api::destroy);
        KubernetesClient client = api.createClient();
        lab.closeWithLab(client);
        client.pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata().withName(POD)
                .addToLabels("app.kubernetes.io/name", "vpngw-gateway").endMetadata()
                .withNewSpec().addNewContainer().withName("gateway").withImage("vpngw").endContainer().endSpec().build()).create();
        client.configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata().withName(CONFIG_MAP)
                .endMetadata().addToData(GatewayConfig.CONFIG_MAP_KEY, config.toJson()).build()).create();
        // the operator creates each instance's status ConfigMap; the instance only updates it
        client.configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata().withName(STATUS_CONFIG_MAP)
                .endMetadata().build()).create();
        Map<String, String> keys = new HashMap<>();
        for (ConnectionConfig c : config.connections()) {
            keys.put(c.pskKey(), Base64.getEncoder().encodeToString(psk.getBytes(StandardCharsets.UTF_8)));
        }
        client.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata().withName(SECRET)
                .endMetadata().withData(keys).build()).create();

        Map<String, String> env = new HashMap<>();
        env.put("KUBERNETES_MASTER", "http://" + hostAddress + ":" + api.getPort());
        env.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
        env.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
        env.put("KUBERNETES_NAMESPACE", NAMESPACE);
        env.put("POD_NAMESPACE", NAMESPACE);
        env.put("POD_NAME", POD);
        env.put("VPNGW_CONFIG_MAP", CONFIG_MAP);
        env.put("VPNGW_SECRET", SECRET);
        env.put("VPNGW_LEASE", "gw-vpngw-active");
        env.put("VPNGW_STATUS_CONFIG_MAP", STATUS_CONFIG_MAP);
        env.put("VPNGW_BIND", bind);
        env.put("VPNGW_TUN", "vpngw0");
        List<String> toolOptions = new ArrayList<>(jvmOptions);
        toolOptions.add("--enable-native-access=ALL-UNNAMED");
        env.put("JAVA_TOOL_OPTIONS", String.join(" ", toolOptions));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        NamespaceProcess gateway = ns.start("gateway", List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.vpngw.gateway.runtime.GatewayMain", "--kubernetes"), env);
        // closed before the mock API, so that it releases the Lease while the API is still there
        KubernetesModeGateway started = lab.closeWithLab(new KubernetesModeGateway(api, client, gateway));
        if (!BoundedWait.until(ACTIVE_TIMEOUT, () -> "active".equals(started.roleLabel()) || !gateway.isAlive())
                || !gateway.isAlive()) {
            throw new IllegalStateException("the gateway did not become active within " + ACTIVE_TIMEOUT + "; output:\n"
                    + gateway.output());
        }
        return started;
    }

    NamespaceProcess process() {
        return process;
    }

    String output() {
        return process.output();
    }

    /** The role label the gateway put on its pod, null before it did. */
    String roleLabel() {
        var pod = client.pods().inNamespace(NAMESPACE).withName(POD).get();
        return pod == null || pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get("vpngw.io/role");
    }

    @Override
    public void close() {
        process.stop();
    }
}
