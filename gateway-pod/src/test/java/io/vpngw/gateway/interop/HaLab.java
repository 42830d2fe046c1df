package io.vpngw.gateway.interop;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.vpngw.gateway.config.GatewayConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The high-availability lab: two gateway instances run as {@code vpngw gateway --kubernetes}
 * processes, each in a namespace of its own (its pod), against one mock Kubernetes API server in
 * CRUD mode that this JVM serves on a host-side veth address, and a strongSwan site that reaches
 * the gateway's public address through a router namespace standing in for the Service.
 *
 * <pre>
 *  site (strongSwan)            lb (router, Service stand-in)              gw-0 / gw-1 (pods)
 *  wan 198.51.100.2 ─────── site 198.51.100.1                              lo: VIP 192.0.2.100,
 *  lo  10.1.0.1 (LAN)           pod0 10.244.0.1 ──────────── eth0 10.244.0.10   VNet 10.2.0.1
 *                               pod1 10.244.1.1 ──────────── eth0 10.244.1.10
 *                               route VIP/32 via the active pod (ActivePodRoute)
 *                               kube 198.19.x.y+1 ── host 198.19.x.y: mock API (this JVM)
 *                               (masquerades the pods' API traffic out of kube)
 * </pre>
 *
 * Both pods hold the VIP and the VNet address on their loopback and bind IKE/ESP to the VIP, as
 * pods behind a Service answer from the Service's address; the site pings the VNet address
 * through the tunnel. The API objects are those the operator renders: two Pods, the configuration
 * ConfigMap ({@code gateway.json}, one Default-mode connection, so the active initiates), the
 * Secret with the PSK, a status ConfigMap per instance.
 */
final class HaLab implements AutoCloseable {
    static final String NAMESPACE = "vpn";
    static final String CONFIG_MAP = "gw-vpngw-config";
    static final String SECRET = "gw-vpngw";
    static final String LEASE = "gw-vpngw-active";
    static final String VIP = "192.0.2.100";
    static final String SITE_WAN = "198.51.100.2";
    static final String SITE_LAN = "10.1.0.1";
    static final String VNET = "10.2.0.1";
    static final List<String> PODS = List.of("gw-vpngw-0", "gw-vpngw-1");
    private static final String PSK = "interop-ha-psk-not-secret-0123456789";
    private static final String CONNECTION = "vpn/to-site";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final AtomicInteger LABS = new AtomicInteger();
    /** Held so that the setting sticks: the mock logs every request at INFO. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final InteropLab lab;
    final NetworkNamespace router;
    final NetworkNamespace site;
    final List<Instance> instances = new ArrayList<>();
    final MockKubernetesApi api;
    final KubernetesClient client;
    final ActivePodRoute route;
    final StrongSwanSite strongSwan;

    /** One gateway pod: its namespace, its address, and the process running in it now. */
    final class Instance {
        final String pod;
        final NetworkNamespace namespace;
        final String address;
        private final Path kubeconfig;
        private NamespaceProcess process;
        private int starts;

        Instance(String pod, NetworkNamespace namespace, String address, Path kubeconfig) {
            this.pod = pod;
            this.namespace = namespace;
            this.address = address;
            this.kubeconfig = kubeconfig;
        }

        /** Starts {@code vpngw gateway --kubernetes} in the pod's namespace and waits until it runs. */
        void start() {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Map<String, String> env = new LinkedHashMap<>();
            env.put("KUBECONFIG", kubeconfig.toString());
            env.put("POD_NAMESPACE", NAMESPACE);
            env.put("POD_NAME", pod);
            env.put("VPNGW_CONFIG_MAP", CONFIG_MAP);
            env.put("VPNGW_SECRET", SECRET);
            env.put("VPNGW_LEASE", LEASE);
            env.put("VPNGW_STATUS_CONFIG_MAP", statusConfigMap(pod));
            env.put("VPNGW_BIND", VIP);
            env.put("VPNGW_TUN", "vpngw0");
            process = namespace.start("gateway-" + (++starts), List.of(java, "--enable-native-access=ALL-UNNAMED",
                    "-Xmx256m", "-Dorg.slf4j.simpleLogger.showDateTime=true",
                    "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS", "-cp", System.getProperty("java.class.path"),
                    "io.vpngw.gateway.runtime.GatewayMain", "--kubernetes"), env);
            process.awaitOutput("gateway instance " + pod + " running", START_TIMEOUT);
        }

        String output() {
            return process == null ? "" : process.output();
        }

        boolean isAlive() {
            return process != null && process.isAlive();
        }

        /** SIGKILL by PID: a crash. */
        void kill() {
            process.kill();
        }

        /** SIGTERM by PID, as the kubelet stops a pod; waits (bounded) for the clean exit. */
        void terminate(Duration timeout) {
            process.terminate();
            if (process.awaitExit(timeout).isEmpty()) {
                throw new AssertionError(pod + " did not stop within " + timeout + ":\n" + output());
            }
        }

        @Override
        public String toString() {
            return pod + " (" + address + ")";
        }
    }

    private HaLab(InteropLab lab) throws IOException {
        this.lab = lab;
        router = lab.newNamespace("lb");
        // the router sees pods answer from the VIP on whichever link; strict reverse-path filtering
        // would drop the standby's packets while the VIP routes to the other pod
        router.exec("sh", "-c", "echo 0 > /proc/sys/net/ipv4/conf/all/rp_filter; "
                + "echo 0 > /proc/sys/net/ipv4/conf/default/rp_filter").orThrow();
        site = lab.newNamespace("site");
        site.connect("wan", SITE_WAN + "/24", router, "site", "198.51.100.1/24");
        site.addDefaultRoute("198.51.100.1");
        site.addLanAddress(SITE_LAN);

        int n = LABS.getAndIncrement() % 64;
        int third = (int) (ProcessHandle.current().pid() % 256);
        String hostAddress = "198.19." + third + "." + (4 * n + 1);
        String routerAddress = "198.19." + third + "." + (4 * n + 2);
        router.connectToHost("kube", routerAddress + "/30", lab.hostInterfaceName(), hostAddress + "/30");
        router.masqueradeOutOf("kube");

        api = lab.closeWithLab(new MockKubernetesApi(InetAddress.getByName(hostAddress)));
        api.start();
        client = lab.closeWithLab(api.newClient());

        Map<String, String> podAddresses = new LinkedHashMap<>();
        for (int i = 0; i < PODS.size(); i++) {
            NetworkNamespace ns = lab.newNamespace("gw-" + i);
            String address = "10.244." + i + ".10";
            ns.connect("eth0", address + "/24", router, "pod" + i, "10.244." + i + ".1/24");
            ns.addDefaultRoute("10.244." + i + ".1");
            ns.addAddress("lo", VIP + "/32");
            ns.addLanAddress(VNET);
            Path kubeconfig = ns.logDirectory().resolve("kubeconfig");
            Files.writeString(kubeconfig, kubeconfig(api.url()));
            instances.add(new Instance(PODS.get(i), ns, address, kubeconfig));
            podAddresses.put(PODS.get(i), address);
        }
        createApiObjects();
        route = lab.closeWithLab(new ActivePodRoute(client, NAMESPACE, router, VIP, podAddresses));
        strongSwan = lab.strongSwanSite("site", site, List.of(
                StrongSwanConnection.psk("s2s", SITE_WAN, VIP, SITE_WAN, VIP, PSK,
                                "aes256gcm16-prfsha256-ecp256", "aes256-sha256-modp2048")
                        .withChild(StrongSwanChild.tunnel("lan", "10.1.0.0/16", "10.2.0.0/16",
                                "aes256gcm16", "aes256-sha256", "aes256gcm16-ecp256"))))
                .startAndLoad();
    }

    /**
     * Builds the lab and brings it to its steady state: instance 0 active with the tunnel up and
     * answering through it, instance 1 standby.
     */
    static HaLab open() throws IOException {
        InteropLab lab = InteropLab.open();
        try {
            HaLab ha = new HaLab(lab);
            Instance first = ha.instances.get(0);
            first.start();
            ha.awaitRole(first, "active", START_TIMEOUT);
            ha.awaitRouteTo(first, Duration.ofSeconds(10));
            ha.awaitTunnel(Duration.ofSeconds(30));
            Instance second = ha.instances.get(1);
            second.start();
            ha.awaitRole(second, "standby", START_TIMEOUT);
            OurGateway.awaitPath(ha.site, SITE_LAN, VNET);
            return ha;
        } catch (IOException | RuntimeException | Error e) {
            try {
                lab.close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    static String statusConfigMap(String pod) {
        return pod + "-status";
    }

    private static String kubeconfig(String server) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster:
                    server: %s
                users:
                - name: gateway
                  user:
                    token: lab-token-not-secret
                contexts:
                - name: mock
                  context:
                    cluster: mock
                    user: gateway
                    namespace: %s
                current-context: mock
                """.formatted(server, NAMESPACE);
    }

    private void createApiObjects() {
        for (String pod : PODS) {
            client.pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata().withName(pod)
                    .addToLabels("app.kubernetes.io/name", "vpngw-gateway").endMetadata()
                    .withNewSpec().addNewContainer().withName("gateway").withImage("vpngw").endContainer().endSpec()
                    .build()).create();
            client.configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata()
                    .withName(statusConfigMap(pod)).endMetadata().build()).create();
        }
        GatewayConfig config = OurGateway.config(NAMESPACE + "/gw", List.of("10.2.0.0/16"), List.of(
                OurGateway.connection(CONNECTION, "Default", SITE_WAN, List.of("10.1.0.0/16"), 45, null)));
        client.configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata().withName(CONFIG_MAP)
                .endMetadata().addToData(GatewayConfig.CONFIG_MAP_KEY, config.toJson()).build()).create();
        client.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata().withName(SECRET)
                .endMetadata().addToData(OurGateway.pskKey(CONNECTION),
                        Base64.getEncoder().encodeToString(PSK.getBytes(StandardCharsets.UTF_8))).build()).create();
    }

    /** The value of {@code vpngw.io/role} on the pod, or null. */
    String roleLabel(String pod) {
        var p = client.pods().inNamespace(NAMESPACE).withName(pod).get();
        return p == null || p.getMetadata().getLabels() == null ? null : p.getMetadata().getLabels().get(ActivePodRoute.ROLE_LABEL);
    }

    String leaseHolder() {
        var lease = client.leases().inNamespace(NAMESPACE).withName(LEASE).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    java.time.ZonedDateTime leaseRenewed() {
        var lease = client.leases().inNamespace(NAMESPACE).withName(LEASE).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getRenewTime();
    }

    /** The instance's status document as it last wrote it, or null. */
    String status(Instance instance) {
        var cm = client.configMaps().inNamespace(NAMESPACE).withName(statusConfigMap(instance.pod)).get();
        return cm == null || cm.getData() == null ? null : cm.getData().get("status.json");
    }

    Instance active() {
        String holder = leaseHolder();
        return instances.stream().filter(i -> i.pod.equals(holder)).findFirst()
                .orElseThrow(() -> new AssertionError("no instance holds the Lease (holder " + holder + ")"));
    }

    Instance other(Instance instance) {
        return instances.get(0) == instance ? instances.get(1) : instances.get(0);
    }

    void awaitRole(Instance instance, String role, Duration timeout) {
        if (!BoundedWait.until(timeout, () -> role.equals(roleLabel(instance.pod)))) {
            throw new AssertionError(instance + " was not labelled " + role + " within " + timeout
                    + " (label " + roleLabel(instance.pod) + ", Lease holder " + leaseHolder() + "):\n" + instance.output());
        }
    }

    void awaitRouteTo(Instance instance, Duration timeout) {
        if (!BoundedWait.until(timeout, () -> instance.pod.equals(route.routedTo()))) {
            throw new AssertionError("the VIP was not routed to " + instance + " within " + timeout
                    + " (routed to " + route.routedTo() + ", failures " + route.failures() + ")");
        }
    }

    /** Waits until strongSwan has an established IKE SA with an installed CHILD_SA. */
    IkeSaStatus awaitTunnel(Duration timeout) {
        try {
            return strongSwan.awaitIkeSa("s2s", sa -> sa.established()
                    && sa.child("lan").map(ChildSaStatus::installed).orElse(false), timeout);
        } catch (AssertionError e) {
            StringBuilder logs = new StringBuilder(e.getMessage());
            instances.forEach(i -> logs.append("\n--- ").append(i).append(":\n").append(i.output()));
            throw new AssertionError(logs.toString(), e);
        }
    }

    /** Starts a 10 ms ping from the site's LAN to the VNet address through the tunnel. */
    PingProbe ping(String label) {
        return PingProbe.start(site, label, SITE_LAN, VNET);
    }

    String logs() {
        StringBuilder out = new StringBuilder("lab directory " + lab.directory());
        instances.forEach(i -> out.append("\n--- ").append(i).append(":\n").append(i.output()));
        out.append("\n--- strongSwan:\n").append(strongSwan.logTail(40));
        return out.toString();
    }

    @Override
    public void close() {
        lab.close();
    }

    /**
     * Fabric8's mock API server in CRUD mode on a chosen address, which can be stopped (its listener
     * and connections closed) and started again on the same address and port with the objects it
     * stored: the store lives in the dispatcher, which outlives each server.
     */
    static final class MockKubernetesApi implements AutoCloseable {
        private final Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        private final KubernetesMixedDispatcher dispatcher = new KubernetesMixedDispatcher(responses);
        private final InetAddress address;
        private final List<KubernetesClient> clients = new ArrayList<>();
        private int port;
        private KubernetesMockServer server;

        MockKubernetesApi(InetAddress address) {
            this.address = address;
        }

        synchronized void start() {
            if (server != null) {
                return;
            }
            KubernetesMockServer next = new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, false);
            next.init(address, port);
            port = next.getPort();
            server = next;
        }

        synchronized void stop() {
            if (server != null) {
                server.destroy();
                server = null;
            }
        }

        String url() {
            return "http://" + address.getHostAddress() + ":" + port;
        }

        synchronized KubernetesClient newClient() {
            Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url()).withNamespace(NAMESPACE)
                    .withOauthToken("lab-token-not-secret").build();
            KubernetesClient c = new KubernetesClientBuilder().withConfig(config).build();
            clients.add(c);
            return c;
        }

        @Override
        public synchronized void close() {
            clients.forEach(KubernetesClient::close);
            stop();
        }
    }
}
