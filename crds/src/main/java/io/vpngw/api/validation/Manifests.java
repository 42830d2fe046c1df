package io.vpngw.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Kubernetes manifests read from files and folders, as {@code kubectl apply -f} reads them. */
public final class Manifests {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One object and where it came from. */
    public record Manifest(Path source, int document, JsonNode object) {
        public String kind() {
            return object.path("kind").asText();
        }

        public String name() {
            return object.path("metadata").path("name").asText();
        }

        public String namespace() {
            return object.path("metadata").path("namespace").asText("default");
        }

        public String where() {
            return source + (document > 0 ? " (document " + (document + 1) + ")" : "");
        }
    }

    private Manifests() {}

    /** Every object in the given files, and in the .yaml/.yml/.json files of the given folders (sorted, not recursive). */
    public static List<Manifest> read(List<Path> paths) throws IOException {
        List<Manifest> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> files = Files.list(p)) {
                    for (Path f : files.filter(Manifests::isManifest).sorted().toList()) {
                        readFile(f, out);
                    }
                }
            } else {
                readFile(p, out);
            }
        }
        return out;
    }

    private static boolean isManifest(Path f) {
        String n = f.getFileName().toString();
        return Files.isRegularFile(f) && (n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json"));
    }

    private static void readFile(Path f, List<Manifest> out) throws IOException {
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(f.toFile())) {
            int doc = 0;
            while (it.hasNextValue()) {
                JsonNode node = it.nextValue();
                if (node != null && !node.isNull() && !node.isMissingNode() && !node.isEmpty()) {
                    if (node.path("kind").asText().equals("List")) {
                        for (JsonNode item : node.path("items")) {
                            out.add(new Manifest(f, doc, item));
                        }
                    } else {
                        out.add(new Manifest(f, doc, node));
                    }
                }
                doc++;
            }
        }
    }
}
