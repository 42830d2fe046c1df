package io.vpngw.operator.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.vpngw.api.validation.CrdCatalog;
import io.vpngw.api.validation.ResourceValidator;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * The Kubernetes API of local mode: Fabric8's API server stand-in in CRUD mode (it stores,
 * versions, watches and patches any object, but has no admission, no garbage collection and no
 * controllers), with the vpngw CRDs installed and discovery served so that {@code kubectl}
 * (get, apply, describe, delete, short names and the {@code vpngw} category) works against it.
 * Plain HTTP, on the address it is given; {@link #writeKubeconfig} tells clients where it is.
 */
public final class LocalApiServer implements AutoCloseable {
    private static final List<String> READ_WRITE = List.of("create", "delete", "deletecollection", "get", "list", "patch",
            "update", "watch");

    /** A built-in resource kubectl should know: what it is called, and whether it is namespaced. */
    private record BuiltIn(String group, String version, String plural, String singular, String kind, boolean namespaced,
                           List<String> shortNames, boolean hasStatus) {}

    private static final List<BuiltIn> BUILT_INS = List.of(
            new BuiltIn("", "v1", "namespaces", "namespace", "Namespace", false, List.of("ns"), true),
            new BuiltIn("", "v1", "pods", "pod", "Pod", true, List.of("po"), true),
            new BuiltIn("", "v1", "services", "service", "Service", true, List.of("svc"), true),
            new BuiltIn("", "v1", "configmaps", "configmap", "ConfigMap", true, List.of("cm"), false),
            new BuiltIn("", "v1", "secrets", "secret", "Secret", true, List.of(), false),
            new BuiltIn("", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", true, List.of("sa"), false),
            new BuiltIn("", "v1", "events", "event", "Event", true, List.of("ev"), false),
            new BuiltIn("rbac.authorization.k8s.io", "v1", "roles", "role", "Role", true, List.of(), false),
            new BuiltIn("rbac.authorization.k8s.io", "v1", "rolebindings", "rolebinding", "RoleBinding", true, List.of(), false),
            new BuiltIn("policy", "v1", "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", true, List.of("pdb"), true),
            new BuiltIn("coordination.k8s.io", "v1", "leases", "lease", "Lease", true, List.of(), false),
            new BuiltIn("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition",
                    "CustomResourceDefinition", false, List.of("crd", "crds"), true));

    /** The stand-in logs every request at INFO through java.util.logging; held so the level sticks. */
    private static final java.util.logging.Logger REQUEST_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        REQUEST_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    private LocalApiServer(KubernetesMockServer server) {
        this.server = server;
        this.client = server.createClient();
    }

    /** Starts on {@code address:port} (0 picks a free port) with the CRDs installed. */
    public static LocalApiServer start(InetAddress address, int port) {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        List<JsonNode> crds = CrdCatalog.load();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new LocalApiDispatcher(responses, discovery(crds), new ResourceValidator(crds)), false);
        server.init(address, port);
        LocalApiServer api = new LocalApiServer(server);
        for (JsonNode crd : crds) {
            api.client.apiextensions().v1().customResourceDefinitions()
                    .resource(Serialization.unmarshal(crd.toString(), CustomResourceDefinition.class)).create();
        }
        return api;
    }

    /** A client of the server (the caller closes clients it creates with {@link #newClient()}). */
    public KubernetesClient client() {
        return client;
    }

    public KubernetesClient newClient() {
        return server.createClient();
    }

    public String url() {
        return "http://" + hostLiteral() + ":" + server.getPort();
    }

    public int port() {
        return server.getPort();
    }

    private String hostLiteral() {
        String host = server.getHostName();
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /** Writes a kubeconfig (mode 0600) whose current context is this server, for kubectl and the gateway pods. */
    public Path writeKubeconfig(Path file) throws IOException {
        return writeKubeconfig(file, url());
    }

    /** A kubeconfig for a client that reaches this server at {@code url} (from a network namespace, say). */
    public static Path writeKubeconfig(Path file, String url) throws IOException {
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: vpngw-local
                  cluster:
                    server: %s
                contexts:
                - name: vpngw-local
                  context:
                    cluster: vpngw-local
                    user: vpngw-local
                    namespace: default
                current-context: vpngw-local
                users:
                - name: vpngw-local
                  user:
                    token: local
                """.formatted(url);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, yaml);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to narrow
        }
        return file;
    }

    /**
     * Legacy discovery (kubectl asks for the aggregated form first and falls back to this when
     * answered with plain JSON): the API versions, the groups, and each group version's resources.
     */
    private static Map<String, String> discovery(List<JsonNode> crds) {
        Map<String, String> documents = new HashMap<>();
        JsonNodeFactory f = JsonNodeFactory.instance;
        Map<String, ArrayNode> resources = new LinkedHashMap<>();
        for (BuiltIn b : BUILT_INS) {
            ArrayNode list = resources.computeIfAbsent(groupVersion(b.group(), b.version()), k -> f.arrayNode());
            list.add(resource(b.plural(), b.singular(), b.kind(), b.namespaced(), b.shortNames(), List.of()));
            if (b.hasStatus()) {
                list.add(subresource(b.plural() + "/status", b.kind(), b.namespaced()));
            }
        }
        for (JsonNode crd : crds) {
            JsonNode spec = crd.path("spec");
            JsonNode names = spec.path("names");
            String group = spec.path("group").asText();
            boolean namespaced = "Namespaced".equals(spec.path("scope").asText());
            for (JsonNode v : spec.path("versions")) {
                if (!v.path("served").asBoolean(true)) {
                    continue;
                }
                ArrayNode list = resources.computeIfAbsent(groupVersion(group, v.path("name").asText()), k -> f.arrayNode());
                list.add(resource(names.path("plural").asText(), names.path("singular").asText(), names.path("kind").asText(),
                        namespaced, strings(names.path("shortNames")), strings(names.path("categories"))));
                if (v.path("subresources").has("status")) {
                    list.add(subresource(names.path("plural").asText() + "/status", names.path("kind").asText(), namespaced));
                }
            }
        }
        ObjectNode versions = f.objectNode().put("kind", "APIVersions");
        versions.putArray("versions").add("v1");
        versions.putArray("serverAddressByClientCIDRs");
        documents.put("/api", versions.toString());

        ObjectNode groups = f.objectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
        ArrayNode groupList = groups.putArray("groups");
        Map<String, List<String>> versionsByGroup = new LinkedHashMap<>();
        resources.keySet().forEach(gv -> {
            int slash = gv.indexOf('/');
            if (slash > 0) {
                versionsByGroup.computeIfAbsent(gv.substring(0, slash), g -> new ArrayList<>()).add(gv.substring(slash + 1));
            }
        });
        versionsByGroup.forEach((group, vs) -> {
            ObjectNode g = groupList.addObject().put("name", group);
            ArrayNode list = g.putArray("versions");
            vs.forEach(v -> list.addObject().put("groupVersion", group + "/" + v).put("version", v));
            g.putObject("preferredVersion").put("groupVersion", group + "/" + vs.getFirst()).put("version", vs.getFirst());
        });
        documents.put("/apis", groups.toString());

        ObjectNode openApiRoot = f.objectNode();
        ObjectNode openApiPaths = openApiRoot.putObject("paths");
        resources.forEach((gv, list) -> {
            ObjectNode body = f.objectNode().put("kind", "APIResourceList").put("apiVersion", "v1").put("groupVersion", gv);
            body.set("resources", list);
            String path = gv.contains("/") ? "/apis/" + gv : "/api/" + gv;
            documents.put(path, body.toString());
            openApiPaths.putObject(path.substring(1)).put("serverRelativeURL", "/openapi/v3" + path);
            documents.put("/openapi/v3" + path, openApi(gv, list).toString());
        });
        documents.put("/openapi/v3", openApiRoot.toString());
        return documents;
    }

    /**
     * Just enough OpenAPI v3 for kubectl to see that every resource takes the
     * {@code fieldValidation} parameter, so it leaves validation to the server instead of
     * downloading schemas: this server checks vpngw resources itself ({@link LocalApiDispatcher}).
     */
    private static ObjectNode openApi(String groupVersion, ArrayNode resources) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        int slash = groupVersion.indexOf('/');
        String group = slash < 0 ? "" : groupVersion.substring(0, slash);
        String version = slash < 0 ? groupVersion : groupVersion.substring(slash + 1);
        String prefix = slash < 0 ? "/api/" + groupVersion : "/apis/" + groupVersion;
        ObjectNode doc = f.objectNode().put("openapi", "3.0.0");
        doc.putObject("info").put("title", "vpngw local").put("version", groupVersion);
        ObjectNode paths = doc.putObject("paths");
        for (JsonNode r : resources) {
            String name = r.path("name").asText();
            if (name.contains("/")) {
                continue;
            }
            String path = prefix + (r.path("namespaced").asBoolean() ? "/namespaces/{namespace}/" : "/") + name + "/{name}";
            ObjectNode patch = paths.putObject(path).putObject("patch");
            patch.put("operationId", "patch" + r.path("kind").asText());
            patch.putObject("x-kubernetes-group-version-kind").put("group", group).put("version", version)
                    .put("kind", r.path("kind").asText());
            ArrayNode parameters = patch.putArray("parameters");
            for (String p : List.of("fieldValidation", "fieldManager", "dryRun")) {
                parameters.addObject().put("name", p).put("in", "query").putObject("schema").put("type", "string");
            }
        }
        return doc;
    }

    private static String groupVersion(String group, String version) {
        return group.isEmpty() ? version : group + "/" + version;
    }

    private static ObjectNode resource(String plural, String singular, String kind, boolean namespaced,
                                       List<String> shortNames, List<String> categories) {
        ObjectNode r = JsonNodeFactory.instance.objectNode().put("name", plural).put("singularName", singular)
                .put("namespaced", namespaced).put("kind", kind);
        READ_WRITE.forEach(r.putArray("verbs")::add);
        if (!shortNames.isEmpty()) {
            shortNames.forEach(r.putArray("shortNames")::add);
        }
        if (!categories.isEmpty()) {
            categories.forEach(r.putArray("categories")::add);
        }
        return r;
    }

    private static ObjectNode subresource(String name, String kind, boolean namespaced) {
        ObjectNode r = JsonNodeFactory.instance.objectNode().put("name", name).put("singularName", "")
                .put("namespaced", namespaced).put("kind", kind);
        List.of("get", "patch", "update").forEach(r.putArray("verbs")::add);
        return r;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
