package io.vpngw.cli.p2s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.vpngw.api.v1alpha1.VirtualNetworkGateway;
import io.vpngw.api.v1alpha1.VpnClientConfiguration;
import io.vpngw.api.v1alpha1.VpnClientProtocol;
import io.vpngw.operator.pki.Pem;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vpngw p2s profile}: client settings for a gateway — a strongSwan {@code swanctl.conf}
 * snippet (IKEv2), a PowerShell script for Windows' built-in client (SSTP and IKEv2) and the CA
 * the gateway's server certificate chains to.
 */
@Command(name = "profile",
        description = "Write client settings for a gateway (--gateway NAME, or --server/--address-space/--protocols): "
                + "a strongSwan swanctl.conf snippet (IKEv2), a Windows PowerShell script (Add-VpnConnection) and the gateway's CA.")
final class ProfileCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    GatewaySource source = new GatewaySource();

    @Option(names = "--server", paramLabel = "ADDRESS", split = ",",
            description = "The gateway's public address(es); with --gateway, instead of status.publicIpAddresses.")
    List<String> servers = new ArrayList<>();

    @Option(names = "--address-space", paramLabel = "PREFIX", split = ",", description = "Prefixes behind the gateway (routed into the tunnel).")
    List<String> addressSpace = new ArrayList<>();

    @Option(names = "--pool", paramLabel = "PREFIX", split = ",", description = "The client address pool (noted in the profile).")
    List<String> pool = new ArrayList<>();

    @Option(names = "--protocols", paramLabel = "PROTOCOL", split = ",", description = "SSTP, IkeV2 or both (default: both).")
    List<String> protocols = new ArrayList<>();

    @Option(names = "--ca", paramLabel = "FILE", description = "PEM of the CA the gateway's server certificate chains to (with --gateway: from its Secret).")
    Path ca;

    @Option(names = "--name", paramLabel = "NAME", description = "The connection's name on clients (default: the gateway's name, else vpngw).")
    String name;

    @Option(names = "--client-cert", paramLabel = "FILE", description = "The client certificate's file name in swanctl's x509/ (default: ${DEFAULT-VALUE}).")
    String clientCert = "client.crt";

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Directory to write into (default: the current one).")
    Path output = Path.of(".");

    @Override
    public Integer call() throws Exception {
        return UserErrors.run(spec, this::write);
    }

    private int write() throws Exception {
        if (!clientCert.matches("[A-Za-z0-9._-]+")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--client-cert is a file name in /etc/swanctl/x509/, not a path");
        }
        ClientProfile profile = source.given() ? fromGateway() : fromFlags();
        PrintWriter out = spec.commandLine().getOut();
        Files.createDirectories(output);
        List<Path> written = new ArrayList<>();
        if (profile.caPem().isPresent()) {
            written.add(writeFile(profile.caFileName(), profile.caPem().get()));
        }
        if (profile.ikev2()) {
            written.add(writeFile(profile.name() + ".swanctl.conf", SwanctlProfile.render(profile, clientCert)));
        } else {
            out.println("no strongSwan profile: strongSwan speaks IKEv2, and the gateway offers SSTP only");
        }
        written.add(writeFile(profile.name() + ".ps1", WindowsProfile.render(profile)));
        out.printf("profile %s for %s (%s), routes %s%n", profile.name(), String.join(",", profile.servers()),
                (profile.sstp() ? "SSTP" : "") + (profile.sstp() && profile.ikev2() ? "," : "") + (profile.ikev2() ? "IkeV2" : ""),
                profile.addressSpace().isEmpty() ? "none" : String.join(",", profile.addressSpace()));
        written.forEach(f -> out.println("wrote " + f));
        out.flush();
        return 0;
    }

    private Path writeFile(String fileName, String content) throws java.io.IOException {
        Path file = output.resolve(fileName);
        SecretFiles.writePublic(file, content);
        return file;
    }

    private ClientProfile fromFlags() throws Exception {
        if (servers.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --gateway NAME, or --server ADDRESS with --address-space and --protocols");
        }
        boolean[] chosen = protocols.isEmpty() ? new boolean[] {true, true} : parseProtocols(protocols);
        return new ClientProfile(name != null ? name : "vpngw", servers, addressSpace, pool, chosen[0], chosen[1], caFromFile());
    }

    private ClientProfile fromGateway() throws Exception {
        try (KubernetesClient client = source.client()) {
            VirtualNetworkGateway gw = source.read(client);
            VpnClientConfiguration p2s = gw.getSpec().getVpnClientConfiguration();
            if (p2s == null) {
                throw new IllegalArgumentException("gateway " + source.describe(client) + " has no vpnClientConfiguration (point-to-site is off)");
            }
            List<VpnClientProtocol> offered = p2s.getVpnClientProtocols() == null ? List.of() : p2s.getVpnClientProtocols();
            boolean[] chosen = protocols.isEmpty()
                    ? new boolean[] {offered.contains(VpnClientProtocol.SSTP), offered.contains(VpnClientProtocol.IkeV2)}
                    : parseProtocols(protocols);
            List<String> publicAddresses = !servers.isEmpty() ? servers
                    : gw.getStatus() == null || gw.getStatus().getPublicIpAddresses() == null ? List.of() : gw.getStatus().getPublicIpAddresses();
            List<String> space = !addressSpace.isEmpty() ? addressSpace
                    : gw.getSpec().getVirtualNetwork() == null ? List.of() : gw.getSpec().getVirtualNetwork().getAddressSpace();
            List<String> clientPool = p2s.getVpnClientAddressPool() == null || p2s.getVpnClientAddressPool().getAddressPrefixes() == null
                    ? List.of() : p2s.getVpnClientAddressPool().getAddressPrefixes();
            Optional<String> caPem = ca != null ? caFromFile() : source.pointToSiteCaCertificatePem(client);
            return new ClientProfile(name != null ? name : gw.getMetadata().getName(), publicAddresses, space == null ? List.of() : space,
                    clientPool, chosen[0], chosen[1], caPem);
        }
    }

    private Optional<String> caFromFile() throws java.io.IOException {
        if (ca == null) {
            return Optional.empty();
        }
        // parsed to refuse anything but certificates (a key pasted by mistake is not copied along)
        return Optional.of(Pem.encodeCertificates(Pem.decodeCertificates(Files.readString(ca))));
    }

    /** {SSTP, IKEv2} from names in any case. */
    private boolean[] parseProtocols(List<String> names) {
        boolean[] chosen = new boolean[2];
        for (String n : names) {
            switch (n.strip().toLowerCase(Locale.ROOT)) {
                case "sstp" -> chosen[0] = true;
                case "ikev2" -> chosen[1] = true;
                default -> throw new CommandLine.ParameterException(spec.commandLine(), "--protocols takes SSTP and IkeV2, not " + n);
            }
        }
        return chosen;
    }
}
