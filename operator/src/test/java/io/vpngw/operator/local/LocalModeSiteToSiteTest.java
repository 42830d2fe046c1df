package io.vpngw.operator.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vpngw.api.v1alpha1.Connection;
import io.vpngw.api.v1alpha1.ConnectionState;
import io.vpngw.api.v1alpha1.LocalNetworkGateway;
import io.vpngw.api.v1alpha1.VirtualNetworkGateway;
import io.vpngw.gateway.interop.AzurePolicyProposals;
import io.vpngw.gateway.interop.InteropLab;
import io.vpngw.gateway.interop.InteropPreconditions;
import io.vpngw.gateway.interop.NetworkNamespace;
import io.vpngw.gateway.interop.StrongSwanChild;
import io.vpngw.gateway.interop.StrongSwanConnection;
import io.vpngw.gateway.interop.StrongSwanProposals;
import io.vpngw.gateway.interop.StrongSwanSite;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The examples with on-premises devices, end to end in local mode: each LocalNetworkGateway's
 * device is a real strongSwan in a namespace of its own, at the example's address, with the
 * example's pre-shared key and prefixes (and, for the custom policy, exactly that policy). Each
 * example is applied, must reach Connected, carry pings and a checked TCP transfer from every
 * site's network to the VNet, take a change to its spec (a new prefix at the site, which the
 * gateway must renegotiate for), and leave nothing behind when deleted.
 */
@Timeout(600)
class LocalModeSiteToSiteTest {
    private static LocalCluster cluster;
    private static int sites;

    @BeforeAll
    static void start() throws Exception {
        LocalModePreconditions.require();
        InteropPreconditions.requireStrongSwanLab();
        cluster = LocalCluster.start(new LocalCluster.Options(java.nio.file.Files.createTempDirectory("vpngw-local-s2s"), 0,
                Duration.ofMinutes(5)));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
            assertThat(LocalModeEndToEndTest.localNamespaces()).as("no namespace left after close").isEmpty();
        }
    }

    /** One on-premises device of the example. */
    private record Device(LocalNetworkGateway site, Connection connection, String psk, NetworkNamespace namespace,
                          StrongSwanSite strongSwan, String lan) {}

    @ParameterizedTest
    @ValueSource(strings = {"site-to-site", "multi-site", "custom-ipsec-policy"})
    void anExampleWithOnPremisesDevicesComesUpCarriesTrafficTakesAChangeAndLeavesNothing(String example) throws Exception {
        List<HasMetadata> objects = cluster.apply(List.of(LocalModeEndToEndTest.examples(example)));
        VirtualNetworkGateway gateway = typed(objects, VirtualNetworkGateway.class).getFirst();
        String namespace = gateway.getMetadata().getNamespace();
        String vnetAddress = LocalKubelet.firstHost(gateway.getSpec().getVirtualNetwork().getAddressSpace().getFirst());
        String publicAddress = await().atMost(Duration.ofSeconds(60)).until(() -> publicAddress(namespace, gateway.getMetadata().getName()),
                a -> a != null);

        try (InteropLab lab = InteropLab.open()) {
            List<Device> devices = new ArrayList<>();
            for (Connection c : typed(objects, Connection.class)) {
                devices.add(device(lab, objects, c, publicAddress, gateway));
            }
            long applied = System.nanoTime();
            for (Device d : devices) {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                        .until(() -> state(namespace, d.connection().getMetadata().getName()) == ConnectionState.Connected);
            }
            System.out.printf("%s: devices up -> every Connection Connected in %.1f s%n", example, (System.nanoTime() - applied) / 1e9);

            String pod = activeNamespace(namespace, gateway.getMetadata().getName());
            for (Device d : devices) {
                assertTraffic(d, d.lan(), pod, vnetAddress);
            }

            // a change: the first site gains a prefix; the gateway must renegotiate to carry it
            Device first = devices.getFirst();
            String added = "10.99.0.0/16";
            cluster.client().resources(LocalNetworkGateway.class).inNamespace(namespace).withName(first.site().getMetadata().getName())
                    .edit(l -> {
                        l.getSpec().getLocalNetworkAddressSpace().getAddressPrefixes().add(added);
                        return l;
                    });
            if (first.connection().getSpec().getTrafficSelectorPolicies() != null
                    && !first.connection().getSpec().getTrafficSelectorPolicies().isEmpty()) {
                // policy-based selectors name their prefixes: the new one goes there too
                cluster.client().resources(Connection.class).inNamespace(namespace).withName(first.connection().getMetadata().getName())
                        .edit(c -> {
                            c.getSpec().getTrafficSelectorPolicies().getFirst().getRemoteAddressRanges().add(added);
                            return c;
                        });
            }
            first.namespace().addLanAddress("10.99.0.1");
            StrongSwanSite changed = restartWithPrefixes(lab, first, publicAddress, gateway, List.of(prefixes(first.site()), List.of(added)));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                    HostCommands.attempt(HostCommands.inNamespace(first.namespace().name(),
                            "ping", "-c", "1", "-W", "1", "-I", "10.99.0.1", vnetAddress)).exit() == 0);
            assertTraffic(new Device(first.site(), first.connection(), first.psk(), first.namespace(), changed, "10.99.0.1"),
                    "10.99.0.1", activeNamespace(namespace, gateway.getMetadata().getName()), vnetAddress);
        }

        for (HasMetadata o : objects.reversed()) {
            cluster.client().resource(o).delete();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                cluster.client().resources(VirtualNetworkGateway.class).inAnyNamespace().list().getItems().isEmpty()
                        && cluster.client().pods().inAnyNamespace().list().getItems().isEmpty()
                        && LocalModeEndToEndTest.localNamespaces().isEmpty());
        assertThat(cluster.client().configMaps().inAnyNamespace().list().getItems()).isEmpty();
        assertThat(cluster.client().secrets().inAnyNamespace().list().getItems()).isEmpty();
    }

    /** A strongSwan device at the site's address, reachable from the host's routes, answering the gateway. */
    private Device device(InteropLab lab, List<HasMetadata> objects, Connection c, String publicAddress, VirtualNetworkGateway gateway) {
        String siteName = c.getSpec().getLocalNetworkGateway2().getName();
        LocalNetworkGateway site = typed(objects, LocalNetworkGateway.class).stream()
                .filter(l -> l.getMetadata().getName().equals(siteName)).findFirst().orElseThrow();
        String secretName = c.getSpec().getSharedKeySecretRef().getName();
        Secret secret = typed(objects, Secret.class).stream()
                .filter(s -> s.getMetadata().getName().equals(secretName)).findFirst().orElseThrow();
        String psk = secret.getStringData() != null && secret.getStringData().containsKey("sharedKey") ? secret.getStringData().get("sharedKey")
                : new String(Base64.getDecoder().decode(secret.getData().get("sharedKey")), StandardCharsets.UTF_8);

        int n = ++sites;
        NetworkNamespace ns = lab.newNamespace("site" + n);
        String host = "100.126." + n + ".1";
        String local = "100.126." + n + ".2";
        ns.connectToHost("wan", local + "/30", lab.hostInterfaceName(), host + "/30");
        ns.addDefaultRoute(host);
        String device = site.getSpec().getGatewayIpAddress();
        ns.addLanAddress(device);
        HostCommands.run("ip", "route", "replace", device + "/32", "via", local);
        lab.closeWithLab(() -> HostCommands.attempt("ip", "route", "del", device + "/32"));
        String lan = LocalKubelet.firstHost(prefixes(site).getFirst());
        ns.addLanAddress(lan);
        Device d = new Device(site, c, psk, ns, null, lan);
        StrongSwanSite strongSwan = startStrongSwan(lab, d, publicAddress, gateway, List.of(prefixes(site)));
        return new Device(site, c, psk, ns, strongSwan, lan);
    }

    private StrongSwanSite startStrongSwan(InteropLab lab, Device d, String publicAddress, VirtualNetworkGateway gateway,
                                           List<List<String>> prefixGroups) {
        StrongSwanProposals proposals = d.connection().getSpec().getIpsecPolicies() == null
                || d.connection().getSpec().getIpsecPolicies().isEmpty()
                ? new StrongSwanProposals("aes256gcm16-prfsha256-x25519", "aes256gcm16")
                : AzurePolicyProposals.forPolicy(d.connection().getSpec().getIpsecPolicies().getFirst());
        String device = d.site().getSpec().getGatewayIpAddress();
        StrongSwanConnection conn = StrongSwanConnection.psk("azure", device, publicAddress, device, publicAddress, d.psk(), proposals.ike());
        List<String> local = prefixGroups.stream().flatMap(List::stream).toList();
        conn = conn.withChild(new StrongSwanChild("lan", local, gateway.getSpec().getVirtualNetwork().getAddressSpace(),
                List.of(proposals.esp()), StrongSwanChild.StartAction.NONE, StrongSwanChild.DpdAction.CLEAR, Duration.ZERO, 0));
        return lab.strongSwanSite(d.namespace().role(), d.namespace(), List.of(conn)).startAndLoad();
    }

    private StrongSwanSite restartWithPrefixes(InteropLab lab, Device d, String publicAddress, VirtualNetworkGateway gateway,
                                               List<List<String>> prefixGroups) {
        d.strongSwan().close();
        return startStrongSwan(lab, d, publicAddress, gateway, prefixGroups);
    }

    /** Pings from the site's network to the VNet, then a checked TCP transfer from the VNet to the site. */
    private static void assertTraffic(Device d, String siteAddress, String podNamespace, String vnetAddress) throws Exception {
        String site = d.namespace().name();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> HostCommands.attempt(
                HostCommands.inNamespace(site, "ping", "-c", "1", "-W", "1", "-I", siteAddress, vnetAddress)).exit() == 0);
        HostCommands.Result ping = HostCommands.attempt(HostCommands.inNamespace(site,
                "ping", "-c", "10", "-i", "0.05", "-I", siteAddress, vnetAddress));
        assertThat(ping.output()).contains("10 received");

        LocalModeEndToEndTest.assertCheckedTransfer(podNamespace, vnetAddress, site, siteAddress, 2L * 1024 * 1024, 11);
    }

    /** The applied objects of a kind, as their typed model. */
    private static <T extends HasMetadata> List<T> typed(List<HasMetadata> objects, Class<T> type) {
        String kind = type.getSimpleName();
        return objects.stream().filter(o -> kind.equals(o.getKind()))
                .map(o -> Serialization.unmarshal(Serialization.asJson(o), type)).toList();
    }

    private static List<String> prefixes(LocalNetworkGateway site) {
        return List.copyOf(site.getSpec().getLocalNetworkAddressSpace().getAddressPrefixes());
    }

    private static String publicAddress(String namespace, String gateway) {
        VirtualNetworkGateway g = cluster.client().resources(VirtualNetworkGateway.class).inNamespace(namespace).withName(gateway).get();
        return g == null || g.getStatus() == null || g.getStatus().getPublicIpAddresses() == null
                || g.getStatus().getPublicIpAddresses().isEmpty() ? null : g.getStatus().getPublicIpAddresses().getFirst();
    }

    private static ConnectionState state(String namespace, String name) {
        Connection c = cluster.client().resources(Connection.class).inNamespace(namespace).withName(name).get();
        return c == null || c.getStatus() == null ? ConnectionState.Unknown : c.getStatus().getConnectionStatus();
    }

    private static String activeNamespace(String namespace, String gateway) {
        String pod = await().atMost(Duration.ofSeconds(30)).until(() -> {
            VirtualNetworkGateway g = cluster.client().resources(VirtualNetworkGateway.class).inNamespace(namespace).withName(gateway).get();
            return g.getStatus() == null ? null : g.getStatus().getActiveInstance();
        }, p -> p != null);
        return cluster.podNamespaces().get(namespace + "/" + pod);
    }
}
