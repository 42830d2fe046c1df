package io.vpngw.gateway.crypto.ike;

import java.util.Objects;

/** The outcome of opening an Encrypted payload. */
public sealed interface SkDecryption {

    /**
     * The payload authenticated and decrypted.
     *
     * @param innerPayloads the plaintext without padding and Pad Length: the chain of payloads
     *                      that starts with the SK payload's Next Payload type
     */
    record Decrypted(byte[] innerPayloads) implements SkDecryption {
        public Decrypted {
            Objects.requireNonNull(innerPayloads, "innerPayloads");
        }
    }

    /** The payload was refused; nothing of it may be used. */
    record Rejected(SkRejection reason) implements SkDecryption {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
