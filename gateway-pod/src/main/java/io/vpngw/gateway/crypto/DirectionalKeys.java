package io.vpngw.gateway.crypto;

import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * The keys protecting one direction of traffic: SK_ei/SK_ai (or SK_er/SK_ar) for the IKE SA, or one
 * half of a Child SA's KEYMAT.
 *
 * @param encryption the cipher key followed by its salt, if the cipher has one; empty for ENCR_NULL
 * @param integrity  the integrity key; empty for AEAD suites
 */
public record DirectionalKeys(SecretBytes encryption, SecretBytes integrity) implements Destroyable {

    public DirectionalKeys {
        Objects.requireNonNull(encryption, "encryption");
        Objects.requireNonNull(integrity, "integrity");
    }

    @Override
    public void destroy() {
        encryption.destroy();
        integrity.destroy();
    }

    @Override
    public boolean isDestroyed() {
        return encryption.isDestroyed() || integrity.isDestroyed();
    }
}
