package io.vpngw.cli.p2s;

/**
 * A PowerShell script that sets up Windows' built-in VPN client: {@code Add-VpnConnection} for
 * SSTP (EAP-TLS with the user's certificate) and IKEv2 (machine certificate), split tunnelling
 * with {@code Add-VpnConnectionRoute} for each prefix of the gateway's address space, and the
 * gateway's CA imported into the machine's root store so the server certificate is trusted.
 */
final class WindowsProfile {
    private WindowsProfile() {}

    static String sstpName(ClientProfile p) {
        return p.name() + "-sstp";
    }

    static String ikev2Name(ClientProfile p) {
        return p.name() + "-ikev2";
    }

    static String render(ClientProfile p) {
        StringBuilder s = new StringBuilder();
        s.append("# vpngw point-to-site for Windows: connections to ").append(p.server()).append(". Run in an elevated PowerShell.\n");
        s.append("# -Pkcs12 imports a client certificate from `vpngw p2s issue-cert --pkcs12` (asks for its password):\n");
        s.append("# into the user's store for SSTP (EAP-TLS) and the machine's store for IKEv2.\n");
        s.append("param([string]$Pkcs12)\n");
        s.append("$ErrorActionPreference = 'Stop'\n\n");
        if (p.caPem().isPresent()) {
            s.append("# The gateway's server certificate chains to this CA.\n");
            s.append("Import-Certificate -FilePath (Join-Path $PSScriptRoot '").append(p.caFileName())
                    .append("') -CertStoreLocation Cert:\\LocalMachine\\Root | Out-Null\n\n");
        } else {
            s.append("# Import the CA that signed the gateway's server certificate into Cert:\\LocalMachine\\Root first.\n\n");
        }
        s.append("if ($Pkcs12) {\n");
        s.append("    $password = Read-Host -AsSecureString 'PKCS#12 password'\n");
        if (p.sstp()) {
            s.append("    Import-PfxCertificate -FilePath $Pkcs12 -Password $password -CertStoreLocation Cert:\\CurrentUser\\My | Out-Null\n");
        }
        if (p.ikev2()) {
            s.append("    Import-PfxCertificate -FilePath $Pkcs12 -Password $password -CertStoreLocation Cert:\\LocalMachine\\My | Out-Null\n");
        }
        s.append("}\n");
        if (p.sstp()) {
            String name = sstpName(p);
            s.append("\n# SSTP (TLS on TCP 443), EAP-TLS with the user's certificate\n");
            s.append("$eap = New-EapConfiguration -Tls -UserCertificate\n");
            s.append("Add-VpnConnection -Name '").append(name).append("' -ServerAddress '").append(p.server())
                    .append("' -TunnelType Sstp -AuthenticationMethod Eap -EapConfigXmlStream $eap.EapConfigXmlStream")
                    .append(" -EncryptionLevel Required -SplitTunneling -Force\n");
            routes(s, p, name);
        }
        if (p.ikev2()) {
            String name = ikev2Name(p);
            s.append("\n# IKEv2 with the machine certificate, within Azure's point-to-site defaults\n");
            s.append("Add-VpnConnection -Name '").append(name).append("' -ServerAddress '").append(p.server())
                    .append("' -TunnelType Ikev2 -AuthenticationMethod MachineCertificate -EncryptionLevel Required -SplitTunneling -Force\n");
            s.append("Set-VpnConnectionIPsecConfiguration -ConnectionName '").append(name)
                    .append("' -AuthenticationTransformConstants GCMAES256 -CipherTransformConstants GCMAES256")
                    .append(" -EncryptionMethod AES256 -IntegrityCheckMethod SHA256 -DHGroup Group14 -PfsGroup None -Force\n");
            routes(s, p, name);
        }
        return s.toString();
    }

    private static void routes(StringBuilder s, ClientProfile p, String connection) {
        for (String prefix : p.addressSpace()) {
            s.append("Add-VpnConnectionRoute -ConnectionName '").append(connection).append("' -DestinationPrefix '")
                    .append(prefix).append("'\n");
        }
    }
}
