package io.vpngw.gateway.crypto.kdf;

import io.vpngw.gateway.crypto.DirectionalKeys;
import io.vpngw.gateway.crypto.SecretBytes;
import java.util.List;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * The seven keys of an IKE SA, in the order prf+ produces them (RFC 7296 §2.14). For AEAD suites
 * SK_ai and SK_ar are empty and SK_ei/SK_er carry the salt after the key.
 *
 * @param skD  derives Child SA keys and the next IKE SA's SKEYSEED
 * @param skAi integrity key for messages from the original initiator
 * @param skAr integrity key for messages from the original responder
 * @param skEi encryption key material for messages from the original initiator
 * @param skEr encryption key material for messages from the original responder
 * @param skPi key for the initiator's AUTH payload
 * @param skPr key for the responder's AUTH payload
 */
public record IkeSaKeys(SecretBytes skD, SecretBytes skAi, SecretBytes skAr, SecretBytes skEi,
                        SecretBytes skEr, SecretBytes skPi, SecretBytes skPr) implements Destroyable {

    public IkeSaKeys {
        all(skD, skAi, skAr, skEi, skEr, skPi, skPr).forEach(Objects::requireNonNull);
    }

    /** The keys protecting messages sent by the original initiator. */
    public DirectionalKeys initiatorToResponder() {
        return new DirectionalKeys(skEi, skAi);
    }

    /** The keys protecting messages sent by the original responder. */
    public DirectionalKeys responderToInitiator() {
        return new DirectionalKeys(skEr, skAr);
    }

    @Override
    public void destroy() {
        all(skD, skAi, skAr, skEi, skEr, skPi, skPr).forEach(SecretBytes::destroy);
    }

    @Override
    public boolean isDestroyed() {
        return all(skD, skAi, skAr, skEi, skEr, skPi, skPr).stream().anyMatch(SecretBytes::isDestroyed);
    }

    private static List<SecretBytes> all(SecretBytes... keys) {
        return List.of(keys);
    }
}
