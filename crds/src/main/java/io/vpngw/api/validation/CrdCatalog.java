package io.vpngw.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The vpngw CustomResourceDefinitions as shipped: the YAML committed under {@code crds/},
 * packaged on the classpath under {@value #RESOURCE_DIR}.
 */
public final class CrdCatalog {
    public static final String RESOURCE_DIR = "META-INF/vpngw/crds/";
    /** One file per kind, in the order they are best applied. */
    public static final List<String> FILES = List.of(
            "virtualnetworkgateways.vpngw.io-v1.yml",
            "localnetworkgateways.vpngw.io-v1.yml",
            "connections.vpngw.io-v1.yml");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private CrdCatalog() {}

    /** The YAML text of one CRD file. */
    public static String text(String file) {
        try (InputStream in = CrdCatalog.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + file)) {
            if (in == null) {
                throw new IllegalStateException("CRD " + file + " is missing from the classpath (" + RESOURCE_DIR + ")");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** All CRDs as one multi-document YAML stream, ready for {@code kubectl apply -f -}. */
    public static String allAsYaml() {
        StringBuilder sb = new StringBuilder();
        for (String f : FILES) {
            if (!sb.isEmpty()) {
                sb.append("---\n");
            }
            sb.append(text(f));
        }
        return sb.toString();
    }

    /** The parsed CRDs. */
    public static List<JsonNode> load() {
        return FILES.stream().map(f -> {
            try {
                return YAML.readTree(text(f));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }
}
