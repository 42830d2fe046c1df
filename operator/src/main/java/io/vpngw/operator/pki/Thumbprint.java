package io.vpngw.operator.pki;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A certificate's SHA-1 thumbprint as Azure and Windows show it: 40 upper-case hex digits over
 * the whole DER certificate. Equal thumbprints compare equal whatever case they were written in.
 *
 * <p>SHA-1 here is an identifier for revocation lists, not a signature, which is why Azure still
 * uses it.
 *
 * @param hex the 40 hex digits, upper case
 */
public record Thumbprint(String hex) {
    private static final Pattern FORTY_HEX_DIGITS = Pattern.compile("[0-9A-F]{40}");
    /** Separators people paste: OpenSSL's colons, spaces, and the invisible marks Windows' certificate dialog copies along. */
    private static final Pattern SEPARATORS = Pattern.compile("[:\\s\\u200e\\u200f]");

    public Thumbprint {
        Objects.requireNonNull(hex, "hex");
        hex = hex.toUpperCase(Locale.ROOT);
        if (!FORTY_HEX_DIGITS.matcher(hex).matches()) {
            throw new IllegalArgumentException("a SHA-1 thumbprint is 40 hexadecimal digits, not '" + hex + "'");
        }
    }

    public static Thumbprint of(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(Certificates.encoded(certificate));
            return new Thumbprint(HexFormat.of().withUpperCase().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JDK", e);
        }
    }

    /** Reads a thumbprint in any case, bare or colon-separated as {@code openssl x509 -fingerprint -sha1} prints it. */
    public static Thumbprint parse(String text) {
        Objects.requireNonNull(text, "text");
        String withoutLabel = text.strip().replaceFirst("(?i)^sha1 fingerprint=", "");
        return new Thumbprint(SEPARATORS.matcher(withoutLabel).replaceAll(""));
    }

    /** Whether {@code text} is this thumbprint, in any case and with any of the separators {@link #parse} allows. */
    public boolean matches(String text) {
        try {
            return equals(parse(text));
        } catch (IllegalArgumentException notAThumbprint) {
            return false;
        }
    }

    /** As OpenSSL prints it: {@code AB:CD:...}. */
    public String colonSeparated() {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(HexFormat.of().parseHex(hex));
    }

    @Override
    public String toString() {
        return hex;
    }
}
