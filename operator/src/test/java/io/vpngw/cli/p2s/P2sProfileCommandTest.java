package io.vpngw.cli.p2s;

import static org.assertj.core.api.Assertions.assertThat;

import io.vpngw.operator.pki.Pem;
import io.vpngw.operator.pki.PointToSiteCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class P2sProfileCommandTest {
    @TempDir
    Path dir;

    @Test
    void fromFlagsWritesAStrongSwanSnippetAWindowsScriptAndTheCa() throws Exception {
        PointToSiteCa ca = CliRun.newCa("Gateway P2S Root");
        Path[] caFiles = CliRun.writeCa(ca, dir);
        Path out = dir.resolve("profile");

        CliRun r = CliRun.run("p2s", "profile", "--server", "203.0.113.10", "--pool", "172.16.201.0/24",
                "--address-space", "10.1.0.0/16,10.2.0.0/24", "--protocols", "SSTP,IkeV2", "--ca", caFiles[0].toString(),
                "--name", "contoso", "-o", out.toString());

        assertThat(r.exitCode).as(r.err.toString()).isZero();
        SwanctlSnippet swan = SwanctlSnippet.parse(Files.readString(out.resolve("contoso.swanctl.conf")));
        assertThat(swan.balanced()).isTrue();
        assertThat(swan.one("remote_addrs")).isEqualTo("203.0.113.10");
        assertThat(swan.one("remote_ts")).isEqualTo("10.1.0.0/16,10.2.0.0/24");
        assertThat(swan.one("vips")).isEqualTo("0.0.0.0");
        assertThat(swan.one("version")).isEqualTo("2");
        assertThat(swan.all("auth")).containsExactly("pubkey", "pubkey");
        assertThat(swan.one("id")).isEqualTo("203.0.113.10");
        assertThat(swan.one("cacerts")).isEqualTo("contoso-ca.pem");
        assertThat(swan.one("certs")).isEqualTo("client.crt");
        assertThat(List.of(swan.one("proposals").split(",")))
                .containsExactly("aes256gcm16-prfsha384-prfsha256-ecp384-ecp256-modp2048", "aes256-sha384-sha256-ecp384-ecp256-modp2048");
        assertThat(List.of(swan.one("esp_proposals").split(","))).containsExactly("aes256gcm16", "aes256-sha256");

        String ps1 = Files.readString(out.resolve("contoso.ps1"));
        assertThat(ps1)
                .contains("Add-VpnConnection -Name 'contoso-sstp' -ServerAddress '203.0.113.10' -TunnelType Sstp -AuthenticationMethod Eap")
                .contains("Add-VpnConnection -Name 'contoso-ikev2' -ServerAddress '203.0.113.10' -TunnelType Ikev2 -AuthenticationMethod MachineCertificate")
                .contains("Import-Certificate -FilePath (Join-Path $PSScriptRoot 'contoso-ca.pem') -CertStoreLocation Cert:\\LocalMachine\\Root");
        assertThat(ps1.lines().filter(l -> l.startsWith("Add-VpnConnectionRoute")).toList()).containsExactly(
                "Add-VpnConnectionRoute -ConnectionName 'contoso-sstp' -DestinationPrefix '10.1.0.0/16'",
                "Add-VpnConnectionRoute -ConnectionName 'contoso-sstp' -DestinationPrefix '10.2.0.0/24'",
                "Add-VpnConnectionRoute -ConnectionName 'contoso-ikev2' -DestinationPrefix '10.1.0.0/16'",
                "Add-VpnConnectionRoute -ConnectionName 'contoso-ikev2' -DestinationPrefix '10.2.0.0/24'");
        assertThat(Pem.decodeCertificates(Files.readString(out.resolve("contoso-ca.pem")))).containsExactly(ca.certificate());
        assertThat(r.out.toString()).contains("wrote " + out.resolve("contoso.ps1"));
    }

    @Test
    void sstpOnlyHasNoStrongSwanSnippetAndNoIkev2Connection() throws Exception {
        CliRun r = CliRun.run("p2s", "profile", "--server", "vpn.example.com", "--address-space", "10.1.0.0/16",
                "--protocols", "sstp", "-o", dir.toString());
        assertThat(r.exitCode).as(r.err.toString()).isZero();
        assertThat(dir.resolve("vpngw.swanctl.conf")).doesNotExist();
        String ps1 = Files.readString(dir.resolve("vpngw.ps1"));
        assertThat(ps1).contains("-TunnelType Sstp").doesNotContain("Ikev2");
        assertThat(r.out.toString()).contains("no strongSwan profile");
    }

    @Test
    void refusesValuesThatWouldBreakOutOfTheScript() {
        CliRun r = CliRun.run("p2s", "profile", "--server", "x'; Remove-Item C:\\ -Recurse; '", "-o", dir.toString());
        assertThat(r.exitCode).isEqualTo(1);
        assertThat(r.err.toString()).contains("is not an address");
        assertThat(dir.resolve("vpngw.ps1")).doesNotExist();
    }
}
