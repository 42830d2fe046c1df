package io.vpngw.operator.pki;

import java.net.IDN;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * The DNS names and IP addresses a certificate is valid for.
 *
 * <p>Held normalised (DNS names lower case in A-label form without a trailing dot, duplicates
 * dropped, both lists sorted) so that two sets of names compare equal exactly when a client would
 * accept the same hosts: the order the Service reports its addresses in must not cause a reissue.
 *
 * @param dnsNames DNS names, possibly with a leading {@code *.} wildcard label
 * @param ipAddresses IPv4 and IPv6 addresses, without scope
 */
public record SubjectAlternativeNames(List<String> dnsNames, List<InetAddress> ipAddresses) {
    private static final int DNS_NAME_TYPE = 2;
    private static final int IP_ADDRESS_TYPE = 7;
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(?:\\.\\d{1,3}){3}");
    private static final Comparator<InetAddress> ADDRESS_ORDER = Comparator
            .comparingInt((InetAddress address) -> address.getAddress().length)
            .thenComparing(InetAddress::getAddress, Arrays::compareUnsigned);

    public SubjectAlternativeNames {
        dnsNames = dnsNames.stream().map(SubjectAlternativeNames::normaliseDnsName).distinct().sorted().toList();
        ipAddresses = ipAddresses.stream().map(SubjectAlternativeNames::normaliseAddress).distinct().sorted(ADDRESS_ORDER).toList();
    }

    /** No names: a certificate identified by its subject alone. */
    public static SubjectAlternativeNames none() {
        return new SubjectAlternativeNames(List.of(), List.of());
    }

    public static SubjectAlternativeNames of(Collection<String> dnsNames, Collection<InetAddress> ipAddresses) {
        return new SubjectAlternativeNames(List.copyOf(dnsNames), List.copyOf(ipAddresses));
    }

    /**
     * Names as an operator writes them, each either an IP address literal or a DNS name; IP
     * literals are recognised by their form, never looked up.
     */
    public static SubjectAlternativeNames parse(Collection<String> names) {
        List<String> dns = new ArrayList<>();
        List<InetAddress> addresses = new ArrayList<>();
        for (String name : names) {
            Objects.requireNonNull(name, "name");
            String trimmed = name.strip();
            if (trimmed.contains(":") || DOTTED_QUAD.matcher(trimmed).matches()) {
                addresses.add(parseAddressLiteral(trimmed));
            } else {
                dns.add(trimmed);
            }
        }
        return new SubjectAlternativeNames(dns, addresses);
    }

    public static SubjectAlternativeNames parse(String... names) {
        return parse(Arrays.asList(names));
    }

    /** The DNS and IP entries of a certificate's subjectAltName; other kinds of names are ignored. */
    public static SubjectAlternativeNames of(X509Certificate certificate) {
        Collection<List<?>> entries;
        try {
            entries = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("the certificate's subjectAltName cannot be read", e);
        }
        if (entries == null) {
            return none();
        }
        List<String> dns = new ArrayList<>();
        List<InetAddress> addresses = new ArrayList<>();
        for (List<?> entry : entries) {
            int type = (Integer) entry.get(0);
            if (type == DNS_NAME_TYPE) {
                dns.add((String) entry.get(1));
            } else if (type == IP_ADDRESS_TYPE) {
                addresses.add(parseAddressLiteral((String) entry.get(1)));
            }
        }
        return new SubjectAlternativeNames(dns, addresses);
    }

    public boolean isEmpty() {
        return dnsNames.isEmpty() && ipAddresses.isEmpty();
    }

    /** The name to put in a subject CN for clients that still look there: the first DNS name, else the first address. */
    public Optional<String> primaryName() {
        return dnsNames.stream().findFirst().or(() -> ipAddresses.stream().findFirst().map(InetAddress::getHostAddress));
    }

    GeneralNames toGeneralNames() {
        GeneralName[] names = Stream.concat(
                        dnsNames.stream().map(name -> new GeneralName(GeneralName.dNSName, name)),
                        ipAddresses.stream().map(address -> new GeneralName(GeneralName.iPAddress, address.getHostAddress())))
                .toArray(GeneralName[]::new);
        return new GeneralNames(names);
    }

    /** As OpenSSL prints them: {@code DNS:gw.example.com, IP Address:203.0.113.7}. */
    @Override
    public String toString() {
        return Stream.concat(
                        dnsNames.stream().map(name -> "DNS:" + name),
                        ipAddresses.stream().map(address -> "IP Address:" + address.getHostAddress()))
                .reduce((left, right) -> left + ", " + right)
                .orElse("(none)");
    }

    private static String normaliseDnsName(String name) {
        Objects.requireNonNull(name, "DNS name");
        String candidate = name.strip();
        if (candidate.endsWith(".")) {
            candidate = candidate.substring(0, candidate.length() - 1);
        }
        if (DOTTED_QUAD.matcher(candidate).matches() || candidate.contains(":")) {
            throw new IllegalArgumentException("'" + name + "' is an IP address, not a DNS name; give it as an address");
        }
        // The wildcard label is not a host name label, so it is kept aside while the rest is checked.
        boolean wildcard = candidate.startsWith("*.");
        String host = wildcard ? candidate.substring(2) : candidate;
        String ascii;
        try {
            ascii = IDN.toASCII(host, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + name + "' is not a valid DNS name", e);
        }
        boolean valid = !ascii.isEmpty()
                && ascii.length() + (wildcard ? 2 : 0) <= 253
                && Arrays.stream(ascii.split("\\.", -1)).allMatch(label -> DNS_LABEL.matcher(label).matches());
        if (!valid) {
            throw new IllegalArgumentException("'" + name + "' is not a valid DNS name");
        }
        return wildcard ? "*." + ascii : ascii;
    }

    private static InetAddress normaliseAddress(InetAddress address) {
        Objects.requireNonNull(address, "IP address");
        if (address instanceof Inet6Address v6 && (v6.getScopeId() != 0 || v6.getScopedInterface() != null)) {
            throw new IllegalArgumentException("a scoped IPv6 address cannot be in a certificate: " + address.getHostAddress());
        }
        try {
            // Drops any host name the caller's object carries, and folds IPv4-mapped IPv6 into IPv4.
            return InetAddress.getByAddress(address.getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + address, e);
        }
    }

    private static InetAddress parseAddressLiteral(String literal) {
        String bare = literal.startsWith("[") && literal.endsWith("]") ? literal.substring(1, literal.length() - 1) : literal;
        try {
            return InetAddress.ofLiteral(bare);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + literal + "' is not an IP address", e);
        }
    }
}
