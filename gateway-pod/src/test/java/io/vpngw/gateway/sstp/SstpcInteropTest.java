package io.vpngw.gateway.sstp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * sstp-client ({@code sstpc}, the Linux SSTP client) against our server. Without pppd (no
 * /dev/ppp here) it goes as far as TLS, the HTTP request, Call Connect Request and our Ack, and
 * then relays our PPP frames, HDLC-framed, on its standard output for a pppd that is not there:
 * seeing our LCP Configure-Request there proves it decoded our SSTP data packets too.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SstpcInteropTest {
    private static final Path SSTPC = Path.of("/usr/sbin/sstpc");

    @BeforeAll
    static void requireSstpc() {
        if (Files.isExecutable(SSTPC)) {
            return;
        }
        String message = "sstpc is missing (Debian package sstp-client, listed in .ci/packages.txt)";
        String ci = System.getenv().getOrDefault("CI", "").toLowerCase(Locale.ROOT);
        if (ci.equals("true") || ci.equals("1")) {
            Assertions.fail("CI=true, so this is a failure, not a skip: " + message);
        }
        Assumptions.abort(message);
    }

    @Test
    void sstpcGetsThroughTlsHttpAndCallConnectToOurPpp(@TempDir Path dir) throws Exception {
        try (P2sLab lab = new P2sLab()) {
            Path ca = dir.resolve("ca.pem");
            Files.writeString(ca, "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(lab.ca.certificate().getEncoded())
                    + "\n-----END CERTIFICATE-----\n");
            // `script` gives sstpc the terminal it wants on its standard input; its output carries the PPP bytes
            Process sstpc = new ProcessBuilder("script", "-qfec", String.join(" ", List.of(SSTPC.toString(),
                    "--nolaunchpppd", "--log-stderr", "--log-level", "4", "--ca-cert", ca.toString(), "--cert-warn",
                    "--user", "unused", "--password", "unused", "127.0.0.1:" + lab.server.port())), "/dev/null")
                    .redirectErrorStream(true).start();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            Thread reader = Thread.ofVirtual().start(() -> copy(sstpc.getInputStream(), output));
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> lab.server.sessions().stream()
                        .anyMatch(s -> s.state().equals("CALL_CONNECTED_PENDING")));
                // our LCP Configure-Request as sstpc hands it to pppd, async-HDLC with every control
                // octet escaped (RFC 1662): 7E, FF, 03 as 7D 23, C0 21, code 01 as 7D 21
                await().atMost(Duration.ofSeconds(30)).until(() -> HexFormat.of().formatHex(snapshot(output)).contains("7eff7d23c0217d21"));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("sstpc said:\n" + new String(snapshot(output), java.nio.charset.StandardCharsets.ISO_8859_1)
                        + "\nserver: " + lab.server.sessions() + " " + lab.server.counters(), e);
            } finally {
                sstpc.destroy();
                if (!sstpc.waitFor(5, TimeUnit.SECONDS)) {
                    sstpc.destroyForcibly();
                }
                reader.join(Duration.ofSeconds(5));
            }
            assertThat(lab.server.counters().drops()).doesNotContainKey("sstp_malformed");
        }
    }

    private static byte[] snapshot(ByteArrayOutputStream output) {
        synchronized (output) {
            return output.toByteArray();
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (out) {
                    out.write(buffer, 0, n);
                }
            }
        } catch (java.io.IOException e) {
            // the process ended
        }
    }
}
