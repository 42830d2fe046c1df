package io.vpngw.operator;

/** Small manifests for operator tests (namespace "default" unless given). */
final class Fixtures {
    private Fixtures() {}

    static String gateway(String name, String sku, String addressSpace) {
        return """
                {"apiVersion":"vpngw.io/v1alpha1","kind":"VirtualNetworkGateway","metadata":{"name":"%s"},
                 "spec":{"sku":"%s","virtualNetwork":{"addressSpace":["%s"]}}}""".formatted(name, sku, addressSpace);
    }

    static String site(String name, String ip, String prefix) {
        return """
                {"apiVersion":"vpngw.io/v1alpha1","kind":"LocalNetworkGateway","metadata":{"name":"%s"},
                 "spec":{"gatewayIpAddress":"%s","localNetworkAddressSpace":{"addressPrefixes":["%s"]}}}""".formatted(name, ip, prefix);
    }

    static String connection(String name, String gateway, String site, String secret) {
        return """
                {"apiVersion":"vpngw.io/v1alpha1","kind":"Connection","metadata":{"name":"%s"},
                 "spec":{"connectionType":"IPsec","virtualNetworkGateway1":{"name":"%s"},"localNetworkGateway2":{"name":"%s"},
                         "sharedKeySecretRef":{"name":"%s"}}}""".formatted(name, gateway, site, secret);
    }

    static String secret(String name, String key, String value) {
        return """
                {"apiVersion":"v1","kind":"Secret","metadata":{"name":"%s"},"stringData":{"%s":"%s"}}""".formatted(name, key, value);
    }
}
