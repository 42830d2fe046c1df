package io.vpngw.gateway.ike.roadwarrior;

import io.vpngw.gateway.ike.message.IdType;
import io.vpngw.gateway.ike.message.IdentificationPayload;
import java.net.InetAddress;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * Whether the identity a client claims in IDi is one its certificate vouches for (RFC 4945
 * §3.1 in short): a DER_ASN1_DN must name the subject (compared as names, whatever string types encode it); an FQDN, RFC822 address or IP address
 * must be among the subject alternative names (names compared without regard to case). Other ID
 * types are refused.
 */
public final class CertificateIdentity {
    private static final int SAN_RFC822 = 1;
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private CertificateIdentity() {
    }

    public static boolean matches(IdentificationPayload id, X509Certificate certificate) {
        IdType type = id.idType();
        if (type.equals(IdType.DER_ASN1_DN)) {
            // compared as names (RFC 5280 §7.1), not octets: the client may encode the same DN
            // with other string types than its certificate does (strongSwan's "CN=alice" does)
            try {
                return new X500Principal(id.data().toByteArray()).equals(certificate.getSubjectX500Principal());
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        if (type.equals(IdType.FQDN) || type.equals(IdType.RFC822_ADDR)) {
            int sanType = type.equals(IdType.FQDN) ? SAN_DNS : SAN_RFC822;
            Optional<String> name = id.name();
            return name.isPresent() && alternativeNames(certificate, sanType).stream()
                    .anyMatch(n -> n.toLowerCase(Locale.ROOT).equals(name.get().toLowerCase(Locale.ROOT)));
        }
        if (type.equals(IdType.IPV4_ADDR) || type.equals(IdType.IPV6_ADDR)) {
            Optional<InetAddress> address = id.address();
            return address.isPresent() && alternativeNames(certificate, SAN_IP).stream()
                    .anyMatch(n -> sameAddress(n, address.get()));
        }
        return false;
    }

    private static boolean sameAddress(String literal, InetAddress address) {
        try {
            return InetAddress.getByName(literal).equals(address); // a literal: no lookup
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static List<String> alternativeNames(X509Certificate certificate, int type) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names == null) {
                return List.of();
            }
            return names.stream().filter(n -> n.size() >= 2 && Integer.valueOf(type).equals(n.get(0))
                    && n.get(1) instanceof String).map(n -> (String) n.get(1)).toList();
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }
}
