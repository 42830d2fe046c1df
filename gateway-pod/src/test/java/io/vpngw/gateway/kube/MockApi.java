package io.vpngw.gateway.kube;

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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/** Fabric8's mock API server in CRUD mode, with the objects the operator renders for gateway {@code gw}. */
final class MockApi implements AutoCloseable {
    static final String NAMESPACE = "vpn";
    static final String CONFIG_MAP = "gw-vpngw-config";
    static final String SECRET = "gw-vpngw";
    static final String LEASE = "gw-vpngw-active";

    final KubernetesMockServer server;
    final KubernetesClient client;
    private final List<KubernetesClient> clients = new ArrayList<>();

    MockApi() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init();
        client = newClient();
    }

    /** A client of its own, as each gateway pod has. */
    KubernetesClient newClient() {
        KubernetesClient c = server.createClient();
        clients.add(c);
        return c;
    }

    void pod(String name) {
        client.pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata().withName(name)
                .addToLabels("app.kubernetes.io/name", "vpngw-gateway").endMetadata()
                .withNewSpec().addNewContainer().withName("gateway").withImage("vpngw").endContainer().endSpec().build())
                .create();
    }

    String roleLabel(String pod) {
        var p = client.pods().inNamespace(NAMESPACE).withName(pod).get();
        return p.getMetadata().getLabels() == null ? null : p.getMetadata().getLabels().get("vpngw.io/role");
    }

    void writeConfig(String document) {
        client.configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata().withName(CONFIG_MAP)
                .endMetadata().addToData(GatewayConfig.CONFIG_MAP_KEY, document).build()).createOr(c -> c.update());
    }

    void writeKeys(Map<String, String> keys) {
        Map<String, String> data = new HashMap<>();
        keys.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        client.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata().withName(SECRET)
                .endMetadata().withData(data).build()).createOr(c -> c.update());
    }

    static GatewayConfig config(long generation, boolean activeActive, String... connections) {
        List<ConnectionConfig> list = new ArrayList<>();
        for (String name : connections) {
            list.add(new ConnectionConfig(name, "IPsec", "IKEv2", "Default",
                    new ConnectionConfig.Peer(List.of("203.0.113.7"), null, List.of("10.1.0.0/16")), "psk." + name,
                    45, 0, false, List.of(), null));
        }
        return new GatewayConfig(GatewayConfig.API_VERSION, NAMESPACE + "/gw", generation, "VpnGw1",
                new GatewayConfig.Limits(30, 128, 250, 650, true), "RouteBased", activeActive, List.of("10.2.0.0/16"),
                null, null, list);
    }

    @Override
    public void close() {
        clients.forEach(KubernetesClient::close);
        server.destroy();
    }
}
