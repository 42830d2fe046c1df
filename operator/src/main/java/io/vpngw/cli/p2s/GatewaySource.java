package io.vpngw.cli.p2s;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.vpngw.api.v1alpha1.VirtualNetworkGateway;
import io.vpngw.operator.Names;
import io.vpngw.operator.gateway.GatewayIdentityIssuer;
import io.vpngw.operator.pki.CertifiedKey;
import io.vpngw.operator.pki.PointToSiteCa;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Options that name a VirtualNetworkGateway in the cluster of the current kubeconfig (or of
 * {@code --kubeconfig}), and what the commands read from it: the resource and the P2S CA the
 * operator keeps in the gateway's Secret.
 */
final class GatewaySource {
    @Option(names = "--gateway", paramLabel = "NAME", description = "The VirtualNetworkGateway to read, in the cluster of the current kubeconfig.")
    String gateway;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE",
            description = "Its namespace (default: the kubeconfig context's, else default).")
    String namespace;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Kubeconfig to use instead of $KUBECONFIG or ~/.kube/config.")
    Path kubeconfig;

    boolean given() {
        return gateway != null;
    }

    KubernetesClient client() throws IOException {
        if (kubeconfig != null) {
            return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
        }
        return new KubernetesClientBuilder().build();
    }

    String namespace(KubernetesClient client) {
        if (namespace != null) {
            return namespace;
        }
        return Optional.ofNullable(client.getNamespace()).orElse("default");
    }

    String describe(KubernetesClient client) {
        return namespace(client) + "/" + gateway;
    }

    VirtualNetworkGateway read(KubernetesClient client) {
        VirtualNetworkGateway gw = client.resources(VirtualNetworkGateway.class).inNamespace(namespace(client)).withName(gateway).get();
        if (gw == null) {
            throw new IllegalArgumentException("no VirtualNetworkGateway " + describe(client) + " (check --gateway, -n and the kubeconfig's context)");
        }
        return gw;
    }

    /** The gateway's own P2S CA, from the Secret the operator writes for it. */
    PointToSiteCa pointToSiteCa(KubernetesClient client) {
        String secretName = Names.secret(gateway);
        Secret secret = client.secrets().inNamespace(namespace(client)).withName(secretName).get();
        if (secret == null) {
            throw new IllegalArgumentException("no Secret " + namespace(client) + "/" + secretName + " for gateway " + describe(client)
                    + ": the operator writes it when it reconciles the gateway");
        }
        Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
        String cert = data.get(GatewayIdentityIssuer.P2S_CA_CERT);
        String key = data.get(GatewayIdentityIssuer.P2S_CA_KEY);
        if (cert == null || key == null) {
            throw new IllegalArgumentException("Secret " + namespace(client) + "/" + secretName + " holds no point-to-site CA ("
                    + GatewayIdentityIssuer.P2S_CA_CERT + ", " + GatewayIdentityIssuer.P2S_CA_KEY
                    + "): give the gateway a vpnClientConfiguration, or sign with your own CA (--ca-cert, --ca-key)");
        }
        return new PointToSiteCa(CertifiedKey.fromPem(decode(cert), decode(key)));
    }

    /** The P2S CA certificate only (what clients trust the SSTP server certificate by), if the Secret has one. */
    Optional<String> pointToSiteCaCertificatePem(KubernetesClient client) {
        Secret secret = client.secrets().inNamespace(namespace(client)).withName(Names.secret(gateway)).get();
        if (secret == null || secret.getData() == null || secret.getData().get(GatewayIdentityIssuer.P2S_CA_CERT) == null) {
            return Optional.empty();
        }
        return Optional.of(decode(secret.getData().get(GatewayIdentityIssuer.P2S_CA_CERT)));
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
