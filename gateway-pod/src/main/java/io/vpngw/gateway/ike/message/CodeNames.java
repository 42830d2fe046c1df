package io.vpngw.gateway.ike.message;

import java.util.Map;

/**
 * The registry names of one kind of code value (exchange types, notify types, ...): what the
 * code-value records print and whether a code is one this codec knows.
 */
final class CodeNames {
    private final String kind;
    private final Map<Integer, String> names;

    CodeNames(String kind, Map<Integer, String> names) {
        this.kind = kind;
        this.names = Map.copyOf(names);
    }

    boolean isRegistered(int code) {
        return names.containsKey(code);
    }

    /** The registry's name, or the bare number for a code this codec does not know. */
    String label(int code) {
        return names.getOrDefault(code, Integer.toString(code));
    }

    /** {@code NAME(code)}, or {@code Kind(code)} for an unknown code. */
    String describe(int code) {
        String name = names.get(code);
        return name == null ? kind + "(" + code + ")" : name + "(" + code + ")";
    }
}
