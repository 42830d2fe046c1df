package io.vpngw.gateway.p2s;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The server side of EAP-TLS trusts clients by {@link ClientCertificatePolicy} alone; refusals
 * leave the handshake as {@link RefusedCertificateException} so the reason can be logged and counted.
 */
public final class ClientCertificateTrustManager extends X509ExtendedTrustManager {
    private final ClientCertificatePolicy policy;

    public ClientCertificateTrustManager(ClientCertificatePolicy policy) {
        this.policy = policy;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (policy.check(chain == null ? List.of() : List.of(chain)) instanceof ClientCertificatePolicy.Verdict.Refused r) {
            throw new RefusedCertificateException(r.reason(), r.detail());
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust manager judges clients only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    /** The roots, so the Certificate Request names them and clients pick a matching certificate. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return policy.roots().toArray(X509Certificate[]::new);
    }
}
