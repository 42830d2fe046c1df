package io.vpngw.operator;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/** The chart helm/vpngw, rendered with helm-java (Helm's own code, in-process) and parsed with Fabric8. */
final class HelmChart {
    static final Path DIR = Path.of(System.getProperty("vpngw.helm.dir"), "vpngw");
    static final Path TEST_VALUES = Path.of("src/test/resources/helm");

    private HelmChart() {}

    /** {@code helm template <release> helm/vpngw --namespace <namespace>} with extra options. */
    static String template(String release, String namespace, UnaryOperator<TemplateCommand> options) {
        return options.apply(new Helm(DIR).template().withName(release).withNamespace(namespace)).call();
    }

    static List<HasMetadata> parse(String manifests) {
        try (KubernetesClient offline = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").build()).build()) {
            return offline.load(new ByteArrayInputStream(manifests.getBytes(StandardCharsets.UTF_8))).items();
        }
    }

    static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> kind) {
        List<T> found = all(objects, kind);
        if (found.size() != 1) {
            throw new AssertionError("expected exactly one " + kind.getSimpleName() + ", found " + found.size());
        }
        return found.getFirst();
    }

    static HasMetadata only(List<HasMetadata> objects, String kind) {
        List<HasMetadata> found = objects.stream().filter(o -> kind.equals(o.getKind())).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected exactly one " + kind + ", found " + found.size());
        }
        return found.getFirst();
    }
}
