package io.vpngw.gateway.ike.message;

import java.util.Map;

/**
 * Notify message types (RFC 7296 §3.10.1 and later registrations). Codes below 16384 are errors,
 * the rest status; codes this codec does not name are kept as numbers so they can be logged and
 * ignored, as §3.10.1 asks for unrecognised status types.
 */
public record NotifyType(int code) implements RegistryCode {

    /** Data: the one-octet type of the payload that was not understood. */
    public static final NotifyType UNSUPPORTED_CRITICAL_PAYLOAD = new NotifyType(1);
    public static final NotifyType INVALID_IKE_SPI = new NotifyType(4);
    public static final NotifyType INVALID_MAJOR_VERSION = new NotifyType(5);
    public static final NotifyType INVALID_SYNTAX = new NotifyType(7);
    public static final NotifyType INVALID_MESSAGE_ID = new NotifyType(9);
    public static final NotifyType INVALID_SPI = new NotifyType(11);
    public static final NotifyType NO_PROPOSAL_CHOSEN = new NotifyType(14);
    /** Data: the two-octet key exchange method the responder wants. */
    public static final NotifyType INVALID_KE_PAYLOAD = new NotifyType(17);
    public static final NotifyType AUTHENTICATION_FAILED = new NotifyType(24);
    public static final NotifyType SINGLE_PAIR_REQUIRED = new NotifyType(34);
    public static final NotifyType NO_ADDITIONAL_SAS = new NotifyType(35);
    public static final NotifyType INTERNAL_ADDRESS_FAILURE = new NotifyType(36);
    public static final NotifyType FAILED_CP_REQUIRED = new NotifyType(37);
    public static final NotifyType TS_UNACCEPTABLE = new NotifyType(38);
    public static final NotifyType INVALID_SELECTORS = new NotifyType(39);
    public static final NotifyType TEMPORARY_FAILURE = new NotifyType(43);
    public static final NotifyType CHILD_SA_NOT_FOUND = new NotifyType(44);
    public static final NotifyType INITIAL_CONTACT = new NotifyType(16384);
    public static final NotifyType SET_WINDOW_SIZE = new NotifyType(16385);
    public static final NotifyType ADDITIONAL_TS_POSSIBLE = new NotifyType(16386);
    public static final NotifyType IPCOMP_SUPPORTED = new NotifyType(16387);
    /** Data: SHA-1(SPIi | SPIr | source address | source port). */
    public static final NotifyType NAT_DETECTION_SOURCE_IP = new NotifyType(16388);
    /** Data: SHA-1(SPIi | SPIr | destination address | destination port). */
    public static final NotifyType NAT_DETECTION_DESTINATION_IP = new NotifyType(16389);
    /** Data: 1 to 64 octets chosen by the responder. */
    public static final NotifyType COOKIE = new NotifyType(16390);
    public static final NotifyType USE_TRANSPORT_MODE = new NotifyType(16391);
    public static final NotifyType HTTP_CERT_LOOKUP_SUPPORTED = new NotifyType(16392);
    /** Protocol and SPI: the SA being rekeyed. */
    public static final NotifyType REKEY_SA = new NotifyType(16393);
    public static final NotifyType ESP_TFC_PADDING_NOT_SUPPORTED = new NotifyType(16394);
    public static final NotifyType NON_FIRST_FRAGMENTS_ALSO = new NotifyType(16395);
    /** RFC 4555. */
    public static final NotifyType MOBIKE_SUPPORTED = new NotifyType(16396);
    /** RFC 4478. */
    public static final NotifyType AUTH_LIFETIME = new NotifyType(16403);
    /** RFC 4739. */
    public static final NotifyType MULTIPLE_AUTH_SUPPORTED = new NotifyType(16404);
    /** RFC 4739. */
    public static final NotifyType ANOTHER_AUTH_FOLLOWS = new NotifyType(16405);
    /** RFC 5685. */
    public static final NotifyType REDIRECT_SUPPORTED = new NotifyType(16406);
    /** RFC 5685. */
    public static final NotifyType REDIRECT = new NotifyType(16407);
    /** RFC 5685. */
    public static final NotifyType REDIRECTED_FROM = new NotifyType(16408);
    /** RFC 5998. */
    public static final NotifyType EAP_ONLY_AUTHENTICATION = new NotifyType(16417);
    /** RFC 6023. */
    public static final NotifyType CHILDLESS_IKEV2_SUPPORTED = new NotifyType(16418);
    /** RFC 7383. */
    public static final NotifyType IKEV2_FRAGMENTATION_SUPPORTED = new NotifyType(16430);
    /** RFC 7427. Data: a list of two-octet hash algorithm identifiers. */
    public static final NotifyType SIGNATURE_HASH_ALGORITHMS = new NotifyType(16431);
    /** RFC 9242. */
    public static final NotifyType INTERMEDIATE_EXCHANGE_SUPPORTED = new NotifyType(16438);

    private static final CodeNames NAMES = new CodeNames("NotifyType", Map.ofEntries(
            Map.entry(1, "UNSUPPORTED_CRITICAL_PAYLOAD"),
            Map.entry(4, "INVALID_IKE_SPI"),
            Map.entry(5, "INVALID_MAJOR_VERSION"),
            Map.entry(7, "INVALID_SYNTAX"),
            Map.entry(9, "INVALID_MESSAGE_ID"),
            Map.entry(11, "INVALID_SPI"),
            Map.entry(14, "NO_PROPOSAL_CHOSEN"),
            Map.entry(17, "INVALID_KE_PAYLOAD"),
            Map.entry(24, "AUTHENTICATION_FAILED"),
            Map.entry(34, "SINGLE_PAIR_REQUIRED"),
            Map.entry(35, "NO_ADDITIONAL_SAS"),
            Map.entry(36, "INTERNAL_ADDRESS_FAILURE"),
            Map.entry(37, "FAILED_CP_REQUIRED"),
            Map.entry(38, "TS_UNACCEPTABLE"),
            Map.entry(39, "INVALID_SELECTORS"),
            Map.entry(43, "TEMPORARY_FAILURE"),
            Map.entry(44, "CHILD_SA_NOT_FOUND"),
            Map.entry(16384, "INITIAL_CONTACT"),
            Map.entry(16385, "SET_WINDOW_SIZE"),
            Map.entry(16386, "ADDITIONAL_TS_POSSIBLE"),
            Map.entry(16387, "IPCOMP_SUPPORTED"),
            Map.entry(16388, "NAT_DETECTION_SOURCE_IP"),
            Map.entry(16389, "NAT_DETECTION_DESTINATION_IP"),
            Map.entry(16390, "COOKIE"),
            Map.entry(16391, "USE_TRANSPORT_MODE"),
            Map.entry(16392, "HTTP_CERT_LOOKUP_SUPPORTED"),
            Map.entry(16393, "REKEY_SA"),
            Map.entry(16394, "ESP_TFC_PADDING_NOT_SUPPORTED"),
            Map.entry(16395, "NON_FIRST_FRAGMENTS_ALSO"),
            Map.entry(16396, "MOBIKE_SUPPORTED"),
            Map.entry(16403, "AUTH_LIFETIME"),
            Map.entry(16404, "MULTIPLE_AUTH_SUPPORTED"),
            Map.entry(16405, "ANOTHER_AUTH_FOLLOWS"),
            Map.entry(16406, "REDIRECT_SUPPORTED"),
            Map.entry(16407, "REDIRECT"),
            Map.entry(16408, "REDIRECTED_FROM"),
            Map.entry(16417, "EAP_ONLY_AUTHENTICATION"),
            Map.entry(16418, "CHILDLESS_IKEV2_SUPPORTED"),
            Map.entry(16430, "IKEV2_FRAGMENTATION_SUPPORTED"),
            Map.entry(16431, "SIGNATURE_HASH_ALGORITHMS"),
            Map.entry(16438, "INTERMEDIATE_EXCHANGE_SUPPORTED")));

    public NotifyType {
        FieldRange.u16(code, "NotifyType");
    }

    @Override
    public CodeNames names() {
        return NAMES;
    }

    /** Error types (below 16384) make a response a failure; status types only inform. */
    public boolean isError() {
        return code < 16384;
    }

    @Override
    public String toString() {
        return NAMES.describe(code);
    }
}
