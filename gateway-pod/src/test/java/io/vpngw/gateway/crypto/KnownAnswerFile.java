package io.vpngw.gateway.crypto;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads known-answer vectors from a test resource. The format: {@code #} starts a comment line,
 * {@code [name]} starts a case, {@code field = value} sets a field, and an indented line continues
 * the previous value (long hex strings wrap that way).
 */
public final class KnownAnswerFile {

    /** One vector: a name and its fields. */
    public record Case(String name, Map<String, String> fields) {

        public String text(String field) {
            String value = fields.get(field);
            if (value == null) {
                throw new IllegalArgumentException(name + " has no field " + field);
            }
            return value;
        }

        public boolean has(String field) {
            return fields.containsKey(field);
        }

        public byte[] bytes(String field) {
            return hex(text(field));
        }

        public int integer(String field) {
            return Integer.decode(text(field));
        }

        public long unsignedLong(String field) {
            return Long.parseUnsignedLong(text(field).replaceFirst("^0x", ""), 16);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private KnownAnswerFile() {
    }

    /** Hex with any whitespace in it, as vectors are printed in RFCs. */
    public static byte[] hex(String digits) {
        return HexFormat.of().parseHex(digits.replaceAll("\\s+", ""));
    }

    public static List<Case> load(String resource) {
        InputStream stream = KnownAnswerFile.class.getResourceAsStream(resource);
        Objects.requireNonNull(stream, () -> "missing test resource " + resource);
        List<Case> cases = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.US_ASCII))) {
            String name = null;
            Map<String, String> fields = new LinkedHashMap<>();
            String lastField = null;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.stripLeading().startsWith("#")) {
                    continue;
                }
                if (line.startsWith("[")) {
                    if (name != null) {
                        cases.add(new Case(name, Map.copyOf(fields)));
                    }
                    name = line.substring(1, line.indexOf(']'));
                    fields = new LinkedHashMap<>();
                    lastField = null;
                } else if (Character.isWhitespace(line.charAt(0)) && lastField != null) {
                    fields.merge(lastField, line.strip(), String::concat);
                } else {
                    int equals = line.indexOf('=');
                    lastField = line.substring(0, equals).strip();
                    fields.put(lastField, line.substring(equals + 1).strip());
                }
            }
            if (name != null) {
                cases.add(new Case(name, Map.copyOf(fields)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }
}
