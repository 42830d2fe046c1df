package io.vpngw.gateway.interop;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A section of a vici message as {@code swanctl --pretty} prints it: {@code key = value} lines,
 * nested {@code name {...}} sections and {@code key = [...]} lists, one item a line.
 */
record ViciTree(Map<String, String> values, Map<String, List<String>> lists, List<Map.Entry<String, ViciTree>> sections) {

    ViciTree {
        values = Map.copyOf(values);
        lists = Map.copyOf(lists);
        sections = List.copyOf(sections);
    }

    Optional<String> value(String key) {
        return Optional.ofNullable(values.get(key));
    }

    String required(String key) {
        return value(key).orElseThrow(() -> new IllegalArgumentException("no " + key + " in " + values));
    }

    List<String> list(String key) {
        return lists.getOrDefault(key, List.of());
    }

    Optional<ViciTree> section(String name) {
        return sections.stream().filter(entry -> entry.getKey().equals(name)).map(Map.Entry::getValue).findFirst();
    }

    /** Parses the whole output; top-level messages (e.g. each {@code list-sa event}) are its sections. */
    static ViciTree parse(String text) {
        Deque<Builder> open = new ArrayDeque<>();
        open.push(new Builder(""));
        String openList = null;
        List<String> listItems = null;
        int lineNumber = 0;
        for (String rawLine : text.lines().toList()) {
            lineNumber++;
            String line = rawLine.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (openList != null) {
                if (line.equals("]")) {
                    open.peek().lists.put(openList, List.copyOf(listItems));
                    openList = null;
                } else {
                    listItems.add(line);
                }
            } else if (line.endsWith("{")) {
                open.push(new Builder(line.substring(0, line.length() - 1).strip()));
            } else if (line.equals("}")) {
                if (open.size() == 1) {
                    throw new IllegalArgumentException("unbalanced '}' at line " + lineNumber + " of:\n" + text);
                }
                Builder finished = open.pop();
                open.peek().sections.add(Map.entry(finished.name, finished.build()));
            } else if (line.endsWith("= [")) {
                openList = line.substring(0, line.length() - 3).strip();
                listItems = new ArrayList<>();
            } else {
                int equals = line.indexOf(" = ");
                if (equals < 0) {
                    throw new IllegalArgumentException("cannot read line " + lineNumber + " \"" + line + "\" of:\n" + text);
                }
                open.peek().values.put(line.substring(0, equals), line.substring(equals + 3));
            }
        }
        if (open.size() != 1 || openList != null) {
            throw new IllegalArgumentException("unterminated section or list in:\n" + text);
        }
        return open.pop().build();
    }

    private static final class Builder {
        final String name;
        final Map<String, String> values = new LinkedHashMap<>();
        final Map<String, List<String>> lists = new LinkedHashMap<>();
        final List<Map.Entry<String, ViciTree>> sections = new ArrayList<>();

        Builder(String name) {
            this.name = name;
        }

        ViciTree build() {
            return new ViciTree(values, lists, sections);
        }
    }
}
