package io.vpngw.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.cel.runtime.CelEvaluationException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates vpngw objects as the Kubernetes API server does on create and update: defaults from
 * the schema are applied, unknown fields are refused (kubectl's strict field validation), the
 * OpenAPI schema is checked with a JSON-schema validator, and every {@code x-kubernetes-validations}
 * rule is evaluated with CEL. Messages follow the API server's wording.
 *
 * <p>It serves where no API server validates: offline checks ({@code vpngw validate}), the local
 * mode's embedded API, and the tests that prove the CRDs' rules.
 */
public final class ResourceValidator {
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");

    private record Kind(JsonNode openApiSchema, JsonSchema jsonSchema) {}

    private final Map<String, Kind> kinds = new HashMap<>();
    private final CelRuleEvaluator cel = new CelRuleEvaluator();

    /** A validator for the CRDs shipped on the classpath. */
    public static ResourceValidator forShippedCrds() {
        return new ResourceValidator(CrdCatalog.load());
    }

    public ResourceValidator(List<JsonNode> crds) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
        for (JsonNode crd : crds) {
            JsonNode spec = crd.path("spec");
            String group = spec.path("group").asText();
            String kind = spec.path("names").path("kind").asText();
            for (JsonNode version : spec.path("versions")) {
                JsonNode schema = version.path("schema").path("openAPIV3Schema");
                kinds.put(group + "/" + version.path("name").asText() + "/" + kind,
                        new Kind(schema, factory.getSchema(schema)));
            }
        }
    }

    /** True when this validator knows the object's apiVersion and kind. */
    public boolean handles(JsonNode object) {
        return kinds.containsKey(key(object));
    }

    /** Validates an object being created. */
    public List<Violation> validateCreate(JsonNode object) {
        return validate(object, null);
    }

    /** Validates an update: transition rules compare against {@code old}. */
    public List<Violation> validateUpdate(JsonNode object, JsonNode old) {
        return validate(object, old);
    }

    /** The object with the schema's defaults applied, as the API server would store it. */
    public JsonNode withDefaults(JsonNode object) {
        Kind kind = kind(object);
        JsonNode copy = object.deepCopy();
        walkStructure(kind.openApiSchema(), copy, "", new ArrayList<>(), true);
        return copy;
    }

    private List<Violation> validate(JsonNode object, JsonNode old) {
        List<Violation> out = new ArrayList<>();
        Kind kind = kinds.get(key(object));
        if (kind == null) {
            out.add(new Violation("kind", "no vpngw kind " + object.path("kind").asText()
                    + " in " + object.path("apiVersion").asText() + "; known: " + String.join(", ", kinds.keySet())));
            return out;
        }
        checkName(object, out);
        ObjectNode copy = (ObjectNode) object.deepCopy();
        copy.remove("status"); // the status subresource: ignored on create and update of the object
        walkStructure(kind.openApiSchema(), copy, "", out, true);
        JsonNode oldCopy = null;
        if (old != null) {
            oldCopy = old.deepCopy();
            walkStructure(kind.openApiSchema(), oldCopy, "", new ArrayList<>(), true);
        }
        int structural = out.size();
        for (ValidationMessage m : kind.jsonSchema().validate(copy)) {
            out.add(toViolation(m));
        }
        boolean schemaValid = out.size() == structural;
        walkRules(kind.openApiSchema(), copy, oldCopy, "", out, schemaValid);
        out.sort(Comparator.comparing(Violation::field));
        return out;
    }

    private Kind kind(JsonNode object) {
        Kind kind = kinds.get(key(object));
        if (kind == null) {
            throw new IllegalArgumentException("not a vpngw object: " + key(object));
        }
        return kind;
    }

    private static String key(JsonNode object) {
        return object.path("apiVersion").asText() + "/" + object.path("kind").asText();
    }

    private static void checkName(JsonNode object, List<Violation> out) {
        JsonNode meta = object.path("metadata");
        String name = meta.path("name").asText("");
        if (name.isEmpty() && meta.path("generateName").asText("").isEmpty()) {
            out.add(new Violation("metadata.name", "Required value: name or generateName is required"));
        } else if (!name.isEmpty() && (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches())) {
            out.add(new Violation("metadata.name", "Invalid value: \"" + name
                    + "\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'"));
        }
    }

    /** Applies defaults and reports unknown fields, walking value and schema together. */
    private static void walkStructure(JsonNode schema, JsonNode value, String path, List<Violation> out, boolean root) {
        if (value instanceof ObjectNode obj) {
            JsonNode props = schema.path("properties");
            JsonNode additional = schema.get("additionalProperties");
            boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
            if (props.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> p = it.next();
                    if (!obj.has(p.getKey()) && p.getValue().has("default")) {
                        obj.set(p.getKey(), p.getValue().get("default").deepCopy());
                    }
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                String child = join(path, f.getKey());
                if (root && List.of("apiVersion", "kind", "metadata").contains(f.getKey())) {
                    continue;
                }
                if (props.has(f.getKey())) {
                    walkStructure(props.get(f.getKey()), f.getValue(), child, out, false);
                } else if (additional != null && additional.isObject()) {
                    walkStructure(additional, f.getValue(), child, out, false);
                } else if (!preserve && (props.isObject() || additional != null)) {
                    out.add(new Violation(child, "unknown field \"" + child + "\""));
                }
            }
        } else if (value instanceof ArrayNode arr && schema.has("items")) {
            for (int i = 0; i < arr.size(); i++) {
                walkStructure(schema.get("items"), arr.get(i), path + "[" + i + "]", out, false);
            }
        }
    }

    private void walkRules(JsonNode schema, JsonNode value, JsonNode old, String path, List<Violation> out, boolean reportErrors) {
        for (JsonNode rule : schema.path("x-kubernetes-validations")) {
            String expression = rule.path("rule").asText();
            boolean transition = expression.contains("oldSelf");
            if (transition && old == null) {
                continue;
            }
            Object self = CelValues.of(value);
            String field = path + rule.path("fieldPath").asText("");
            try {
                Object result = cel.evaluate(expression, self, transition ? CelValues.of(old) : null);
                if (!Boolean.TRUE.equals(result)) {
                    out.add(new Violation(field, "Invalid value: \"" + jsonType(value) + "\": " + message(rule, self)));
                }
            } catch (CelEvaluationException e) {
                if (reportErrors) {
                    out.add(new Violation(field, "Invalid value: \"" + jsonType(value) + "\": rule evaluation error: "
                            + e.getMessage() + " (rule: " + expression + ")"));
                }
            }
        }
        if (value instanceof ObjectNode obj) {
            JsonNode props = schema.path("properties");
            JsonNode additional = schema.get("additionalProperties");
            for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                JsonNode childSchema = props.has(f.getKey()) ? props.get(f.getKey())
                        : additional != null && additional.isObject() ? additional : null;
                if (childSchema != null) {
                    JsonNode oldChild = old == null ? null : old.get(f.getKey());
                    walkRules(childSchema, f.getValue(), oldChild, join(path, f.getKey()), out, reportErrors);
                }
            }
        } else if (value instanceof ArrayNode arr && schema.has("items")) {
            // atomic lists: the API server gives list items no oldSelf
            for (int i = 0; i < arr.size(); i++) {
                walkRules(schema.get("items"), arr.get(i), null, path + "[" + i + "]", out, reportErrors);
            }
        }
    }

    private String message(JsonNode rule, Object self) {
        if (rule.hasNonNull("messageExpression")) {
            try {
                Object m = cel.evaluate(rule.get("messageExpression").asText(), self, null);
                if (m instanceof String s && !s.isBlank()) {
                    return s;
                }
            } catch (CelEvaluationException e) {
                // the API server falls back to message, then to the rule text
            }
        }
        if (rule.hasNonNull("message")) {
            return rule.get("message").asText();
        }
        return "failed rule: " + rule.path("rule").asText();
    }

    private static Violation toViolation(ValidationMessage m) {
        String path = k8sPath(m.getInstanceLocation());
        JsonNode value = m.getInstanceNode();
        JsonNode schemaNode = m.getSchemaNode();
        JsonNode keyword = schemaNode != null && schemaNode.has(m.getType()) ? schemaNode.get(m.getType()) : schemaNode;
        String kw = keyword == null ? "" : keyword.isTextual() ? keyword.asText() : String.valueOf(keyword);
        String shown = render(value);
        String inBody = path + " in body";
        return switch (m.getType()) {
            case "required" -> new Violation(join(path, m.getProperty()), "Required value");
            case "enum" -> new Violation(path, "Unsupported value: " + shown + ": supported values: " + quoted(keyword));
            case "pattern" -> new Violation(path, "Invalid value: " + shown + ": " + inBody + " should match '" + kw + "'");
            case "minimum" -> new Violation(path, "Invalid value: " + shown + ": " + inBody + " should be greater than or equal to " + kw);
            case "maximum" -> new Violation(path, "Invalid value: " + shown + ": " + inBody + " should be less than or equal to " + kw);
            case "maxItems" -> new Violation(path, "Too many: " + value.size() + ": must have at most " + kw + " items");
            case "minItems" -> new Violation(path, "Invalid value: " + value.size() + ": " + inBody + " should have at least " + kw + " items");
            case "maxLength" -> new Violation(path, "Too long: may not be more than " + kw + " bytes");
            case "minLength" -> new Violation(path, "Invalid value: " + shown + ": " + inBody + " should be at least " + kw + " chars long");
            case "type" -> new Violation(path, "Invalid value: \"" + jsonType(value) + "\": " + inBody + " must be of type " + kw + ": " + shown);
            default -> new Violation(path, m.getMessage());
        };
    }

    private static String k8sPath(JsonNodePath location) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < location.getNameCount(); i++) {
            Object e = location.getElement(i);
            if (e instanceof Integer idx) {
                sb.append('[').append(idx).append(']');
            } else {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(e);
            }
        }
        return sb.toString();
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String render(JsonNode value) {
        if (value == null) {
            return "null";
        }
        return value.isTextual() ? "\"" + value.asText() + "\"" : value.toString();
    }

    private static String quoted(JsonNode values) {
        List<String> out = new ArrayList<>();
        if (values != null) {
            values.forEach(v -> out.add(render(v)));
        }
        return String.join(", ", out);
    }

    private static String jsonType(JsonNode value) {
        if (value == null) {
            return "null";
        }
        return switch (value.getNodeType()) {
            case OBJECT -> "object";
            case ARRAY -> "array";
            case STRING -> "string";
            case NUMBER -> value.isIntegralNumber() ? "integer" : "number";
            case BOOLEAN -> "boolean";
            default -> "null";
        };
    }

    /** JSON values in the shapes CEL-Java evaluates: maps, lists, strings, longs, doubles, booleans. */
    static final class CelValues {
        private CelValues() {}

        static Object of(JsonNode node) {
            if (node == null || node.isNull() || node.isMissingNode()) {
                return dev.cel.common.values.NullValue.NULL_VALUE;
            }
            if (node.isObject()) {
                Map<String, Object> m = new LinkedHashMap<>();
                node.fields().forEachRemaining(e -> {
                    if (!e.getValue().isNull()) {
                        m.put(e.getKey(), of(e.getValue()));
                    }
                });
                return m;
            }
            if (node.isArray()) {
                List<Object> l = new ArrayList<>();
                node.forEach(e -> l.add(of(e)));
                return l;
            }
            if (node.isIntegralNumber()) {
                return node.asLong();
            }
            if (node.isNumber()) {
                return node.asDouble();
            }
            if (node.isBoolean()) {
                return node.asBoolean();
            }
            return node.asText();
        }
    }
}
