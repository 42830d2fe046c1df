package io.vpngw.operator.pki;

import java.security.cert.X509Certificate;
import java.util.Objects;

/** What {@link ClientCertificateValidator} decided about a client's chain. */
public sealed interface ClientCertificateVerdict {

    /**
     * The client may connect.
     *
     * @param client the client's certificate
     * @param trustedRoot the configured root it chains to
     */
    record Accepted(X509Certificate client, X509Certificate trustedRoot) implements ClientCertificateVerdict {
        public Accepted {
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(trustedRoot, "trustedRoot");
        }
    }

    /**
     * The client may not connect.
     *
     * @param reason the reason, for metrics and status
     * @param detail a sentence for logs naming the certificate concerned
     */
    record Refused(RefusalReason reason, String detail) implements ClientCertificateVerdict {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
