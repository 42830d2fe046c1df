package io.vpngw.operator.pki;

import java.io.IOException;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * Subject names built attribute by attribute, so names containing commas, plus signs or quotes
 * (a device called "Anna's laptop, 2") need no escaping by the caller.
 */
final class DistinguishedNames {
    /** The organisation every name the operator makes is under, so its certificates are easy to tell apart. */
    static final String ORGANIZATION = "vpngw";

    /** RFC 5280's upper bound for a common name. */
    static final int MAX_COMMON_NAME_LENGTH = 64;

    private DistinguishedNames() {
    }

    /** {@code CN=commonName, OU=unit, O=vpngw}, printed most specific first as OpenSSL and strongSwan show it. */
    static X500Principal withinOrganization(String commonName, String unit) {
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, ORGANIZATION)
                .addRDN(BCStyle.OU, requireText(unit, "organizational unit"))
                .addRDN(BCStyle.CN, requireText(commonName, "common name"))
                .build();
        return principal(name);
    }

    /** {@code CN=commonName} alone, as client certificates are named. */
    static X500Principal commonNameOnly(String commonName) {
        return principal(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, requireText(commonName, "common name")).build());
    }

    static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the " + what + " must not be blank");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("the " + what + " must not contain control characters");
        }
        return value;
    }

    private static X500Principal principal(X500Name name) {
        try {
            return new X500Principal(name.getEncoded(ASN1Encoding.DER));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the name " + name, e);
        }
    }
}
