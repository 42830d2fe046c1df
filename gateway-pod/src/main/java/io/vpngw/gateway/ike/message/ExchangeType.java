package io.vpngw.gateway.ike.message;

import java.util.Map;

/** IKE exchange types (RFC 7296 §3.1 and later registrations); unknown codes are kept as numbers. */
public record ExchangeType(int code) implements RegistryCode {

    public static final ExchangeType IKE_SA_INIT = new ExchangeType(34);
    public static final ExchangeType IKE_AUTH = new ExchangeType(35);
    public static final ExchangeType CREATE_CHILD_SA = new ExchangeType(36);
    public static final ExchangeType INFORMATIONAL = new ExchangeType(37);
    /** RFC 5723. */
    public static final ExchangeType IKE_SESSION_RESUME = new ExchangeType(38);
    /** RFC 9242. */
    public static final ExchangeType IKE_INTERMEDIATE = new ExchangeType(43);
    /** RFC 9370. */
    public static final ExchangeType IKE_FOLLOWUP_KE = new ExchangeType(44);

    private static final CodeNames NAMES = new CodeNames("ExchangeType", Map.ofEntries(
            Map.entry(34, "IKE_SA_INIT"),
            Map.entry(35, "IKE_AUTH"),
            Map.entry(36, "CREATE_CHILD_SA"),
            Map.entry(37, "INFORMATIONAL"),
            Map.entry(38, "IKE_SESSION_RESUME"),
            Map.entry(43, "IKE_INTERMEDIATE"),
            Map.entry(44, "IKE_FOLLOWUP_KE")));

    public ExchangeType {
        FieldRange.u8(code, "ExchangeType");
    }

    @Override
    public CodeNames names() {
        return NAMES;
    }

    @Override
    public String toString() {
        return NAMES.describe(code);
    }
}
