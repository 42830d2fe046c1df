package io.vpngw.gateway.ike.message;

/**
 * A value from one of the IKEv2 registries (exchange types, notify types, ...): a number, and the
 * name the registry gives it when this codec knows it.
 */
interface RegistryCode {
    int code();

    /** The registry the code belongs to. */
    CodeNames names();

    /** Whether the code has a name in the registry as this codec knows it. */
    default boolean isRegistered() {
        return names().isRegistered(code());
    }

    /** The registry's name for the code, or the bare number when the code is not one this codec knows. */
    default String label() {
        return names().label(code());
    }
}
