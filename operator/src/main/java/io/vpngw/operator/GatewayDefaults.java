package io.vpngw.operator;

import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.vpngw.api.v1alpha1.GatewaySku;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an installation gives every gateway pod unless the gateway says otherwise: a default
 * placement (the nodes that may terminate tunnels, and the taints they tolerate; a gateway's own
 * {@code spec.placement} wins) and pod resources per SKU that replace the measured footprint
 * ({@code GatewayFootprint}) for that SKU. Set by the command line ({@code --gateway-node-selector},
 * {@code --gateway-toleration}, {@code --gateway-resources}), so by the Helm chart's values.
 *
 * @param nodeSelector default node selector of gateway pods (empty: none)
 * @param tolerations  default tolerations of gateway pods (empty: none)
 * @param resources    CPU request and memory (request = limit) per SKU, replacing the footprint's
 */
public record GatewayDefaults(Map<String, String> nodeSelector, List<Toleration> tolerations,
                             Map<GatewaySku, Resources> resources) {

    public static final GatewayDefaults NONE = new GatewayDefaults(Map.of(), List.of(), Map.of());

    /** The gateway's heap is fixed per build (GatewayFootprint); a memory limit must leave as much again to the rest of the process. */
    public static final int HEAP_HEADROOM_FACTOR = 2;

    public GatewayDefaults {
        nodeSelector = Map.copyOf(nodeSelector);
        tolerations = List.copyOf(tolerations);
        resources = resources.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new EnumMap<>(resources));
    }

    /**
     * An instance's CPU request and memory (request and limit).
     *
     * @param cpuMillis millicores
     * @param memoryMi  MiB
     */
    public record Resources(int cpuMillis, int memoryMi) {
        public Resources {
            if (cpuMillis <= 0 || memoryMi <= 0) {
                throw new IllegalArgumentException("CPU and memory must be positive");
            }
        }
    }

    private static final Pattern RESOURCES = Pattern.compile("([A-Za-z0-9]+)=([0-9]+(?:\\.[0-9]{1,3})?m?)/([0-9]+)(Mi|Gi)");
    private static final Pattern TOLERATION = Pattern.compile("([^=:]*)(?:=([^:]*))?:(NoSchedule|PreferNoSchedule|NoExecute)?");

    /**
     * {@code SKU=CPU/MEMORY}, e.g. {@code VpnGw2=1500m/384Mi} or {@code VpnGw5=2/512Mi}.
     *
     * @param minimumMemoryMi the least memory an instance may be given (twice its fixed heap)
     */
    public static Map.Entry<GatewaySku, Resources> parseResources(String text, int minimumMemoryMi) {
        Matcher m = RESOURCES.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "': expected SKU=CPU/MEMORY, e.g. VpnGw2=1500m/384Mi");
        }
        GatewaySku sku;
        try {
            sku = GatewaySku.valueOf(m.group(1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "': unknown SKU " + m.group(1) + "; one of " + List.of(GatewaySku.values()));
        }
        String cpu = m.group(2);
        int cpuMillis = cpu.endsWith("m") ? Integer.parseInt(cpu.substring(0, cpu.length() - 1))
                : new java.math.BigDecimal(cpu).movePointRight(3).intValueExact();
        int memoryMi = Integer.parseInt(m.group(3)) * (m.group(4).equals("Gi") ? 1024 : 1);
        if (cpuMillis <= 0) {
            throw new IllegalArgumentException("'" + text + "': the CPU request must be positive");
        }
        if (memoryMi < minimumMemoryMi) {
            throw new IllegalArgumentException("'" + text + "': at least " + minimumMemoryMi
                    + "Mi of memory: the gateway's heap is fixed and the rest of the process needs as much again");
        }
        return Map.entry(sku, new Resources(cpuMillis, memoryMi));
    }

    /**
     * A toleration in the shape of {@code kubectl taint}: {@code key=value:Effect} (Equal),
     * {@code key:Effect} (Exists), an empty effect for all effects, and {@code :} for every taint.
     */
    public static Toleration parseToleration(String text) {
        Matcher m = TOLERATION.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "': expected key=value:Effect, key:Effect or key=value: "
                    + "(Effect NoSchedule, PreferNoSchedule or NoExecute; empty for all)");
        }
        String key = m.group(1).isEmpty() ? null : m.group(1);
        String value = m.group(2);
        if (key == null && value != null) {
            throw new IllegalArgumentException("'" + text + "': a value needs a key");
        }
        return new TolerationBuilder().withKey(key).withOperator(value == null ? "Exists" : "Equal")
                .withValue(value).withEffect(m.group(3)).build();
    }

    /** {@code key=value}, as {@code --gateway-node-selector} takes it. */
    public static Map<String, String> nodeSelector(List<String> pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : pairs) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + p + "': expected label=value");
            }
            out.put(p.substring(0, eq), p.substring(eq + 1));
        }
        return out;
    }
}
