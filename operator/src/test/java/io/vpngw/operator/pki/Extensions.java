package io.vpngw.operator.pki;

import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reads extensions back through the JDK's own X509Certificate API, independent of what wrote them. */
final class Extensions {
    static final String BASIC_CONSTRAINTS = "2.5.29.19";
    static final String KEY_USAGE = "2.5.29.15";
    static final String EXTENDED_KEY_USAGE = "2.5.29.37";
    static final String SUBJECT_ALTERNATIVE_NAME = "2.5.29.17";
    static final String SUBJECT_KEY_IDENTIFIER = "2.5.29.14";
    static final String AUTHORITY_KEY_IDENTIFIER = "2.5.29.35";

    private static final List<String> KEY_USAGE_NAMES = List.of("digitalSignature", "nonRepudiation", "keyEncipherment",
            "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly");

    private Extensions() {
    }

    static Set<String> keyUsages(X509Certificate certificate) {
        boolean[] bits = certificate.getKeyUsage();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; bits != null && i < bits.length && i < KEY_USAGE_NAMES.size(); i++) {
            if (bits[i]) {
                names.add(KEY_USAGE_NAMES.get(i));
            }
        }
        return names;
    }

    static List<String> extendedKeyUsages(X509Certificate certificate) {
        try {
            List<String> usages = certificate.getExtendedKeyUsage();
            return usages == null ? List.of() : usages;
        } catch (java.security.cert.CertificateParsingException e) {
            throw new AssertionError(e);
        }
    }

    /** subjectAltName entries as "type:value", type 2 = dNSName, 7 = iPAddress. */
    static List<String> alternativeNames(X509Certificate certificate) {
        try {
            var entries = certificate.getSubjectAlternativeNames();
            return entries == null ? List.of() : entries.stream().map(entry -> entry.get(0) + ":" + entry.get(1)).toList();
        } catch (java.security.cert.CertificateParsingException e) {
            throw new AssertionError(e);
        }
    }
}
