package io.vpngw.operator.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;
import io.vpngw.api.validation.ResourceValidator;
import io.vpngw.api.validation.Violation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves local mode's API: discovery and OpenAPI documents from memory (whatever the query
 * string), admission for vpngw objects — defaults applied and every schema constraint and CEL
 * rule of the CRDs checked with {@link ResourceValidator}, refusing with 422 and the API server's
 * wording, as a real API server would — and everything else from Fabric8's CRUD store.
 */
final class LocalApiDispatcher extends KubernetesMixedDispatcher {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    /** /apis/vpngw.io/{version}/namespaces/{ns}/{plural}[/{name}[/{subresource}]] */
    private static final Pattern VPNGW = Pattern.compile(
            "^/apis/vpngw\\.io/([^/]+)/namespaces/([^/]+)/([^/]+)(?:/([^/]+))?(?:/([^/]+))?$");

    private final Map<String, String> documents;
    private final ResourceValidator validator;

    LocalApiDispatcher(Map<ServerRequest, Queue<ServerResponse>> responses, Map<String, String> documents,
                       ResourceValidator validator) {
        super(responses);
        this.documents = Map.copyOf(documents);
        this.validator = validator;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        int query = path.indexOf('?');
        String bare = query < 0 ? path : path.substring(0, query);
        if (request.method() == HttpMethod.GET) {
            String document = documents.get(bare);
            if (document != null) {
                return json(200, document);
            }
        }
        Matcher m = VPNGW.matcher(bare);
        if (m.matches() && m.group(5) == null) {
            JsonNode status;
            try {
                MockResponse refused = admit(request, m.group(4) != null);
                if (refused != null) {
                    return refused;
                }
                status = request.method() == HttpMethod.POST && m.group(4) == null
                        ? JSON.readTree(body(request)).get("status") : null;
            } catch (IOException | RuntimeException e) {
                return status(400, "BadRequest", "the request body is not a valid object: " + e.getMessage(), null, null, List.of());
            }
            MockResponse created = super.dispatch(request);
            return status != null && created.code() == 201 ? withDefaultedStatus(request, created, status) : created;
        }
        return super.dispatch(request);
    }

    /**
     * The store drops the status of a created object, as an API server does for a kind with a
     * status subresource; an API server then applies the schema's status default when it reads
     * the object back (the CRDs default it to an unobserved generation, for kstatus). Written
     * here through the status subresource, so every reader sees it as with a real API server.
     */
    private MockResponse withDefaultedStatus(RecordedRequest create, MockResponse created, JsonNode status) {
        try {
            ObjectNode stored = (ObjectNode) JSON.readTree(created.getBody().getBytes());
            if (stored.hasNonNull("status")) {
                return json(201, stored.toString());
            }
            stored.set("status", status);
            String name = stored.path("metadata").path("name").asText();
            String path = create.getPath().split("\\?")[0] + "/" + name + "/status";
            MockResponse updated = super.dispatch(new RecordedRequest(create.getHttpVersion(), HttpMethod.PUT, path,
                    create.getHeaders(), new Buffer(JSON.writeValueAsBytes(stored))));
            return updated.code() == 200 ? json(201, updated.getBody().readUtf8()) : json(201, stored.toString());
        } catch (IOException | RuntimeException e) {
            return created;
        }
    }

    /** Null when the request may go on (its body possibly replaced by the defaulted object), else the refusal. */
    private MockResponse admit(RecordedRequest request, boolean named) throws IOException {
        switch (request.method()) {
            case POST -> {
                if (named) {
                    return null;
                }
                JsonNode object = JSON.readTree(body(request));
                if (!validator.handles(object)) {
                    return null;
                }
                JsonNode defaulted = validator.withDefaults(object);
                MockResponse refused = refusal(defaulted, validator.validateCreate(defaulted));
                if (refused == null) {
                    replaceBody(request, defaulted);
                }
                return refused;
            }
            case PUT -> {
                if (!named) {
                    return null;
                }
                JsonNode object = JSON.readTree(body(request));
                if (!validator.handles(object)) {
                    return null;
                }
                JsonNode current = current(request);
                JsonNode defaulted = validator.withDefaults(object);
                MockResponse refused = refusal(defaulted, current == null ? validator.validateCreate(defaulted)
                        : validator.validateUpdate(defaulted, current));
                if (refused == null) {
                    replaceBody(request, defaulted);
                }
                return refused;
            }
            case PATCH -> {
                if (!named) {
                    return null;
                }
                JsonNode current = current(request);
                if (current == null || !validator.handles(current)) {
                    return null; // the store answers 404
                }
                String type = String.valueOf(request.getHeader("Content-Type"));
                JsonNode patch = JSON.readTree(body(request));
                JsonNode patched;
                if (type.startsWith("application/json-patch+json")) {
                    patched = JsonPatch.apply(patch, current);
                } else if (type.startsWith("application/merge-patch+json")) {
                    patched = mergePatch(current.deepCopy(), patch);
                } else {
                    return status(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: "
                            + "application/json-patch+json, application/merge-patch+json", null, null, List.of());
                }
                if (patched.path("spec").equals(current.path("spec")) && patched.path("metadata").path("name").equals(current.path("metadata").path("name"))) {
                    return null; // metadata or status only: no spec rule to check
                }
                JsonNode defaulted = validator.withDefaults(patched);
                return refusal(defaulted, validator.validateUpdate(defaulted, current));
            }
            default -> {
                return null;
            }
        }
    }

    /** The body without consuming it (the store reads it after admission). */
    private static byte[] body(RecordedRequest request) {
        return request.getBody() == null ? new byte[0] : request.getBody().getBytes();
    }

    private JsonNode current(RecordedRequest request) throws IOException {
        MockResponse got = super.dispatch(new RecordedRequest(request.getHttpVersion(), HttpMethod.GET, request.getPath(),
                request.getHeaders(), new Buffer()));
        if (got.code() != 200) {
            return null;
        }
        return JSON.readTree(got.getBody().readUtf8());
    }

    private static void replaceBody(RecordedRequest request, JsonNode object) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(object);
        Buffer body = request.getBody();
        body.readByteArray(); // drain
        body.write(bytes);
    }

    /** RFC 7386 JSON merge patch. */
    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject() ? (ObjectNode) target : JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getValue().isNull()) {
                result.remove(f.getKey());
            } else {
                result.set(f.getKey(), mergePatch(result.get(f.getKey()), f.getValue()));
            }
        }
        return result;
    }

    private static MockResponse refusal(JsonNode object, List<Violation> violations) {
        if (violations.isEmpty()) {
            return null;
        }
        String kind = object.path("kind").asText();
        String name = object.path("metadata").path("name").asText();
        StringBuilder message = new StringBuilder(kind).append(".vpngw.io \"").append(name).append("\" is invalid: ");
        if (violations.size() > 1) {
            message.append('[');
        }
        for (int i = 0; i < violations.size(); i++) {
            message.append(i == 0 ? "" : ", ").append(violations.get(i));
        }
        if (violations.size() > 1) {
            message.append(']');
        }
        return status(422, "Invalid", message.toString(), kind, name, violations);
    }

    private static MockResponse status(int code, String reason, String message, String kind, String name, List<Violation> causes) {
        ObjectNode status = JsonNodeFactory.instance.objectNode().put("kind", "Status").put("apiVersion", "v1")
                .put("status", "Failure").put("message", message).put("reason", reason).put("code", code);
        status.putObject("metadata");
        if (kind != null) {
            ObjectNode details = status.putObject("details").put("name", name).put("group", "vpngw.io").put("kind", kind);
            ArrayNode list = details.putArray("causes");
            for (Violation v : causes) {
                list.addObject().put("reason", "FieldValueInvalid").put("message", v.message()).put("field", v.field());
            }
        }
        return json(code, status.toString());
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody(body.getBytes(StandardCharsets.UTF_8));
    }
}
