package io.vpngw.cli.p2s;

/**
 * A strongSwan {@code swanctl.conf} snippet for an IKEv2 road warrior with certificate
 * authentication: a virtual IP from the gateway ({@code vips = 0.0.0.0}), the gateway's address
 * space as remote traffic selectors, and proposals within Azure's point-to-site defaults.
 */
final class SwanctlProfile {
    /**
     * Azure's P2S IKEv2 defaults, strongest first: AES-256-GCM or AES-256-CBC with SHA-384/256, DH
     * groups ECP384, ECP256 and 14 (strongSwan keeps AEAD and non-AEAD in separate proposals).
     */
    static final String IKE_PROPOSALS = "aes256gcm16-prfsha384-prfsha256-ecp384-ecp256-modp2048,aes256-sha384-sha256-ecp384-ecp256-modp2048";
    /** Azure's P2S ESP defaults without PFS: AES-256-GCM, else AES-256-CBC with SHA-256. */
    static final String ESP_PROPOSALS = "aes256gcm16,aes256-sha256";

    private SwanctlProfile() {}

    static String render(ClientProfile p, String clientCertFile) {
        StringBuilder s = new StringBuilder();
        s.append("# vpngw point-to-site: IKEv2 with certificate authentication to ").append(p.server()).append('\n');
        s.append("# Copy ").append(clientCertFile).append(" to /etc/swanctl/x509/, its key to /etc/swanctl/private/ and\n");
        s.append("# ").append(p.caFileName()).append(" to /etc/swanctl/x509ca/; then: swanctl --load-all && swanctl --initiate --child ")
                .append(p.name()).append('\n');
        if (!p.pool().isEmpty()) {
            s.append("# The gateway assigns the virtual IP from ").append(String.join(", ", p.pool())).append('\n');
        }
        s.append("connections {\n");
        s.append("    ").append(p.name()).append(" {\n");
        s.append("        version = 2\n");
        s.append("        remote_addrs = ").append(String.join(",", p.servers())).append('\n');
        s.append("        vips = 0.0.0.0\n");
        s.append("        proposals = ").append(IKE_PROPOSALS).append('\n');
        s.append("        dpd_delay = 30s\n");
        s.append("        local {\n");
        s.append("            auth = pubkey\n");
        s.append("            certs = ").append(clientCertFile).append('\n');
        s.append("        }\n");
        s.append("        remote {\n");
        s.append("            auth = pubkey\n");
        s.append("            id = ").append(p.server()).append('\n');
        if (p.caPem().isPresent()) {
            s.append("            cacerts = ").append(p.caFileName()).append('\n');
        }
        s.append("        }\n");
        s.append("        children {\n");
        s.append("            ").append(p.name()).append(" {\n");
        s.append("                remote_ts = ").append(p.addressSpace().isEmpty() ? "0.0.0.0/0" : String.join(",", p.addressSpace())).append('\n');
        s.append("                esp_proposals = ").append(ESP_PROPOSALS).append('\n');
        s.append("                dpd_action = restart\n");
        s.append("            }\n");
        s.append("        }\n");
        s.append("    }\n");
        s.append("}\n");
        return s.toString();
    }
}
