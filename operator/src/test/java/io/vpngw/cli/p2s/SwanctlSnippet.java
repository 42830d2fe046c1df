package io.vpngw.cli.p2s;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code key = value} lines of a swanctl.conf snippet, by key, and whether its braces balance. */
public record SwanctlSnippet(Map<String, List<String>> values, boolean balanced) {
    private static final Pattern SETTING = Pattern.compile("^\\s*([a-z_]+)\\s*=\\s*(.*?)\\s*$");

    public static SwanctlSnippet parse(String text) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        int depth = 0;
        boolean balanced = true;
        for (String line : text.lines().toList()) {
            if (line.strip().startsWith("#")) {
                continue;
            }
            Matcher m = SETTING.matcher(line);
            if (m.matches()) {
                values.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(m.group(2));
            }
            depth += (int) line.chars().filter(c -> c == '{').count() - (int) line.chars().filter(c -> c == '}').count();
            balanced &= depth >= 0;
        }
        return new SwanctlSnippet(values, balanced && depth == 0);
    }

    public List<String> all(String key) {
        return values.getOrDefault(key, List.of());
    }

    public String one(String key) {
        List<String> v = all(key);
        if (v.size() != 1) {
            throw new AssertionError(key + " appears " + v.size() + " times: " + values);
        }
        return v.getFirst();
    }
}
