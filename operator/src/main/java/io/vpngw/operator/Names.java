package io.vpngw.operator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/** Names, labels and annotations of what the operator creates for a gateway. */
public final class Names {
    private Names() {}

    public static final String LABEL_NAME = "app.kubernetes.io/name";
    public static final String LABEL_INSTANCE = "app.kubernetes.io/instance";
    public static final String LABEL_COMPONENT = "app.kubernetes.io/component";
    public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "vpngw-operator";
    /** The gateway a child belongs to (its VirtualNetworkGateway's name). */
    public static final String LABEL_GATEWAY = "vpngw.io/gateway";
    /** The instance number of a gateway pod: 0 or 1. */
    public static final String LABEL_GATEWAY_INSTANCE = "vpngw.io/instance";
    /** Set by the gateway pods themselves: active or standby. The Service selects active. */
    public static final String LABEL_ROLE = "vpngw.io/role";
    public static final String ROLE_ACTIVE = "active";
    public static final String ROLE_STANDBY = "standby";
    /** Hash of the pod spec an instance was created from: a difference means it must be rolled. */
    public static final String ANNOTATION_POD_HASH = "vpngw.io/pod-spec-hash";
    /** Hash of the configuration document, for humans and for the pods' reload logs. */
    public static final String ANNOTATION_CONFIG_HASH = "vpngw.io/config-hash";

    public static final int INSTANCES = 2;

    /** Kubernetes label values and Service names must stay within 63 characters. */
    private static final int MAX_NAME = 63;

    public static String secret(String gateway) {
        return child(gateway, "vpngw");
    }

    public static String configMap(String gateway) {
        return child(gateway, "vpngw-config");
    }

    public static String serviceAccount(String gateway) {
        return child(gateway, "vpngw");
    }

    public static String role(String gateway) {
        return child(gateway, "vpngw");
    }

    public static String podDisruptionBudget(String gateway) {
        return child(gateway, "vpngw");
    }

    /** The Service of the active instance, or of instance {@code i} when active-active. */
    public static String service(String gateway) {
        return child(gateway, "vpngw");
    }

    public static String service(String gateway, int instance) {
        return child(gateway, "vpngw-" + instance);
    }

    public static String pod(String gateway, int instance) {
        return child(gateway, "vpngw-" + instance);
    }

    /** The Lease the two instances elect the active one with. */
    public static String lease(String gateway) {
        return child(gateway, "vpngw-active");
    }

    /** Where a Connection's pre-shared key is kept in the gateway's Secret. */
    public static String pskKey(String connection) {
        return "psk." + connection;
    }

    /** Labels every child of a gateway carries. */
    public static Map<String, String> labels(String gateway) {
        return Map.of(LABEL_NAME, "vpngw-gateway", LABEL_INSTANCE, gatewayLabelValue(gateway),
                LABEL_MANAGED_BY, MANAGED_BY, LABEL_GATEWAY, gatewayLabelValue(gateway));
    }

    /** Labels that select the pods of a gateway. */
    public static Map<String, String> podSelector(String gateway) {
        return Map.of(LABEL_NAME, "vpngw-gateway", LABEL_GATEWAY, gatewayLabelValue(gateway));
    }

    public static String gatewayLabelValue(String gateway) {
        return shorten(gateway, MAX_NAME);
    }

    private static String child(String gateway, String suffix) {
        String full = gateway + "-" + suffix;
        if (full.length() <= MAX_NAME) {
            return full;
        }
        return shorten(gateway, MAX_NAME - suffix.length() - 1) + "-" + suffix;
    }

    /** Cuts a name to a length, keeping it unique with a short hash of the whole. */
    private static String shorten(String name, int max) {
        if (name.length() <= max) {
            return name;
        }
        String hash = sha256Hex(name).substring(0, 8);
        String head = name.substring(0, max - hash.length() - 1).replaceAll("[-.]+$", "");
        return head + "-" + hash;
    }

    public static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
