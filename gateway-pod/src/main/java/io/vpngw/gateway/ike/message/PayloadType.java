package io.vpngw.gateway.ike.message;

import java.util.Map;

/**
 * The payload type codes that chain IKE payloads together (RFC 7296 §3.2, RFC 7383 §2.5), with
 * the RFC's short names. Any 8-bit code is representable so that unknown payloads survive a round
 * trip.
 */
public record PayloadType(int code) implements RegistryCode {

    /** No next payload: ends a chain. */
    public static final PayloadType NONE = new PayloadType(0);
    /** Security Association, §3.3. */
    public static final PayloadType SA = new PayloadType(33);
    /** Key Exchange, §3.4. */
    public static final PayloadType KE = new PayloadType(34);
    /** Identification of the initiator, §3.5. */
    public static final PayloadType IDI = new PayloadType(35);
    /** Identification of the responder, §3.5. */
    public static final PayloadType IDR = new PayloadType(36);
    /** Certificate, §3.6. */
    public static final PayloadType CERT = new PayloadType(37);
    /** Certificate Request, §3.7. */
    public static final PayloadType CERTREQ = new PayloadType(38);
    /** Authentication, §3.8. */
    public static final PayloadType AUTH = new PayloadType(39);
    /** Nonce, §3.9. */
    public static final PayloadType NONCE = new PayloadType(40);
    /** Notify, §3.10. */
    public static final PayloadType NOTIFY = new PayloadType(41);
    /** Delete, §3.11. */
    public static final PayloadType DELETE = new PayloadType(42);
    /** Vendor ID, §3.12. */
    public static final PayloadType VENDOR_ID = new PayloadType(43);
    /** Traffic Selector of the initiator, §3.13. */
    public static final PayloadType TSI = new PayloadType(44);
    /** Traffic Selector of the responder, §3.13. */
    public static final PayloadType TSR = new PayloadType(45);
    /** Encrypted and Authenticated, §3.14. */
    public static final PayloadType SK = new PayloadType(46);
    /** Configuration, §3.15. */
    public static final PayloadType CP = new PayloadType(47);
    /** Extensible Authentication, §3.16. */
    public static final PayloadType EAP = new PayloadType(48);
    /** Encrypted and Authenticated Fragment, RFC 7383 §2.5. */
    public static final PayloadType SKF = new PayloadType(53);

    private static final CodeNames NAMES = new CodeNames("PayloadType", Map.ofEntries(
            Map.entry(0, "none"),
            Map.entry(33, "SA"),
            Map.entry(34, "KE"),
            Map.entry(35, "IDi"),
            Map.entry(36, "IDr"),
            Map.entry(37, "CERT"),
            Map.entry(38, "CERTREQ"),
            Map.entry(39, "AUTH"),
            Map.entry(40, "Ni/Nr"),
            Map.entry(41, "N"),
            Map.entry(42, "D"),
            Map.entry(43, "V"),
            Map.entry(44, "TSi"),
            Map.entry(45, "TSr"),
            Map.entry(46, "SK"),
            Map.entry(47, "CP"),
            Map.entry(48, "EAP"),
            Map.entry(53, "SKF")));

    public PayloadType {
        FieldRange.u8(code, "PayloadType");
    }

    @Override
    public CodeNames names() {
        return NAMES;
    }

    /** Whether this codec decodes the payload into its own record rather than {@link UnknownPayload}. */
    public boolean hasDedicatedRecord() {
        return code != NONE.code && isRegistered();
    }

    /** Whether the payload's Next Payload field names the first inner payload instead of the next one. */
    public boolean isEncrypted() {
        return code == SK.code || code == SKF.code;
    }

    @Override
    public String toString() {
        return NAMES.describe(code);
    }
}
