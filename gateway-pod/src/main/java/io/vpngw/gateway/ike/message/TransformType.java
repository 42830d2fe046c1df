package io.vpngw.gateway.ike.message;

import java.util.Map;

/** Transform types of a proposal (RFC 7296 §3.3.2, RFC 9370 for the additional key exchanges). */
public record TransformType(int code) implements RegistryCode {

    /** Encryption algorithm. */
    public static final TransformType ENCR = new TransformType(1);
    /** Pseudorandom function. */
    public static final TransformType PRF = new TransformType(2);
    /** Integrity algorithm. */
    public static final TransformType INTEG = new TransformType(3);
    /** Key exchange method (Diffie-Hellman group). */
    public static final TransformType KE = new TransformType(4);
    /** Extended sequence numbers. */
    public static final TransformType ESN = new TransformType(5);
    public static final TransformType ADDKE1 = new TransformType(6);
    public static final TransformType ADDKE2 = new TransformType(7);
    public static final TransformType ADDKE3 = new TransformType(8);
    public static final TransformType ADDKE4 = new TransformType(9);
    public static final TransformType ADDKE5 = new TransformType(10);
    public static final TransformType ADDKE6 = new TransformType(11);
    public static final TransformType ADDKE7 = new TransformType(12);

    private static final CodeNames NAMES = new CodeNames("TransformType", Map.ofEntries(
            Map.entry(1, "ENCR"),
            Map.entry(2, "PRF"),
            Map.entry(3, "INTEG"),
            Map.entry(4, "KE"),
            Map.entry(5, "ESN"),
            Map.entry(6, "ADDKE1"),
            Map.entry(7, "ADDKE2"),
            Map.entry(8, "ADDKE3"),
            Map.entry(9, "ADDKE4"),
            Map.entry(10, "ADDKE5"),
            Map.entry(11, "ADDKE6"),
            Map.entry(12, "ADDKE7")));

    public TransformType {
        FieldRange.u8(code, "TransformType");
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
