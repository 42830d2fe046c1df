package io.vpngw.cli.p2s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.vpngw.operator.pki.CertificateIssuer;
import io.vpngw.operator.pki.CertifiedKey;
import io.vpngw.operator.pki.Pem;
import io.vpngw.operator.pki.Pkcs12;
import io.vpngw.operator.pki.PointToSiteCa;
import io.vpngw.operator.pki.Thumbprint;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vpngw p2s issue-cert}: a client certificate (clientAuth) signed by a CA the user gives
 * as PEM files or by the gateway's own P2S CA from its Secret. Writes the certificate chain and
 * the key (mode 0600), optionally a PKCS#12, and prints the SHA-1 thumbprint that
 * {@code vpnClientRevokedCertificates} takes. The key is never printed.
 */
@Command(name = "issue-cert",
        description = "Issue a client certificate signed by your CA (--ca-cert, --ca-key) or by the gateway's P2S CA (--gateway); "
                + "writes PEM certificate and key (0600), optionally PKCS#12, and prints the SHA-1 thumbprint.")
final class IssueCertCommand implements Callable<Integer> {
    static final int MAX_DAYS = 3650;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--common-name", required = true, paramLabel = "CN", description = "The user or device the certificate is for (its subject CN).")
    String commonName;

    @Option(names = "--ca-cert", paramLabel = "FILE", description = "Your CA's certificate (PEM; its chain may follow).")
    Path caCert;

    @Option(names = "--ca-key", paramLabel = "FILE", description = "Your CA's private key (PEM, unencrypted).")
    Path caKey;

    @Mixin
    GatewaySource source = new GatewaySource();

    @Option(names = "--key-algorithm", paramLabel = "TYPE", converter = ClientKeyType.Converter.class,
            description = "ecdsa-p256 (default), rsa-2048 or rsa-3072.")
    ClientKeyType keyType = ClientKeyType.ECDSA_P256;

    @Option(names = "--days", paramLabel = "N", description = "Validity in days (default: ${DEFAULT-VALUE}; never beyond the CA's).")
    int days = (int) PointToSiteCa.DEFAULT_CLIENT_LIFETIME.toDays();

    @Option(names = "--cert-out", paramLabel = "FILE", description = "Where to write the certificate chain (default: CN.crt).")
    Path certOut;

    @Option(names = "--key-out", paramLabel = "FILE", description = "Where to write the private key, mode 0600 (default: CN.key).")
    Path keyOut;

    @Option(names = "--pkcs12", paramLabel = "FILE", description = "Also write a PKCS#12 (.p12/.pfx) for Windows, macOS, iOS, Android.")
    Path pkcs12;

    @Option(names = "--password-file", paramLabel = "FILE", description = "File whose first line is the PKCS#12 password.")
    Path passwordFile;

    @Override
    public Integer call() throws Exception {
        return UserErrors.run(spec, this::issue);
    }

    private int issue() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        validate();
        PointToSiteCa ca = authority(out);
        CertificateIssuer issuer = CertificateIssuer.withSystemClock();
        CertifiedKey issued = issuer.issue(PointToSiteCa.clientTemplate(commonName, Duration.ofDays(days)),
                keyType.generate(issuer.random()), ca.authority());

        Path certFile = certOut != null ? certOut : Path.of(fileStem() + ".crt");
        Path keyFile = keyOut != null ? keyOut : Path.of(fileStem() + ".key");
        char[] password = pkcs12 != null ? SecretFiles.readPassword(passwordFile) : null;
        try {
            SecretFiles.writePrivate(keyFile, issued.privateKeyPem().getBytes(StandardCharsets.US_ASCII));
            SecretFiles.writePublic(certFile, issued.certificateChainPem());
            if (pkcs12 != null) {
                SecretFiles.writePrivate(pkcs12, Pkcs12.export(issued, commonName, password, issuer.random()));
            }
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
        var leaf = issued.certificate();
        out.printf("issued %s by %s, valid until %s, key %s%n", leaf.getSubjectX500Principal().getName(),
                leaf.getIssuerX500Principal().getName(), leaf.getNotAfter().toInstant(), keyType.name().toLowerCase().replace('_', '-'));
        out.printf("thumbprint %s%n", Thumbprint.of(leaf).hex());
        out.printf("certificate %s%n", certFile);
        out.printf("key %s (mode 0600)%n", keyFile);
        if (pkcs12 != null) {
            out.printf("pkcs12 %s%n", pkcs12);
        }
        out.flush();
        return 0;
    }

    private void validate() {
        boolean ownCa = caCert != null || caKey != null;
        if (ownCa == source.given()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "sign with either your CA (--ca-cert FILE --ca-key FILE) or the gateway's (--gateway NAME [-n NAMESPACE])");
        }
        if (ownCa && (caCert == null || caKey == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--ca-cert and --ca-key go together");
        }
        if ((pkcs12 == null) != (passwordFile == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--pkcs12 FILE needs --password-file FILE (the password is never taken on the command line)");
        }
        if (days < 1 || days > MAX_DAYS) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--days must be between 1 and " + MAX_DAYS + ", not " + days);
        }
    }

    private PointToSiteCa authority(PrintWriter out) throws Exception {
        if (caCert != null) {
            CertifiedKey key = new CertifiedKey(Pem.decodePrivateKey(Files.readString(caKey)), Pem.decodeCertificates(Files.readString(caCert)));
            return new PointToSiteCa(key);
        }
        try (KubernetesClient client = source.client()) {
            // the gateway trusts its own point-to-site CA beside vpnClientRootCertificates
            return source.pointToSiteCa(client);
        }
    }

    /** The CN as a file name: letters, digits, dot, dash and underscore kept, anything else an underscore. */
    private String fileStem() {
        String stem = commonName.replaceAll("[^A-Za-z0-9._-]", "_");
        return stem.startsWith(".") ? "_" + stem.substring(1) : stem;
    }
}
