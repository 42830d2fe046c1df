package io.vpngw.gateway.crypto.kdf;

import io.vpngw.gateway.crypto.DirectionalKeys;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * A Child SA's KEYMAT split per direction (RFC 7296 §2.17): the keys for traffic from the initiator
 * come first, each direction's encryption key before its integrity key.
 *
 * @param initiatorToResponder keys of the SA carrying traffic from the CREATE_CHILD_SA (or IKE_AUTH) initiator
 * @param responderToInitiator keys of the SA carrying traffic the other way
 */
public record ChildSaKeys(DirectionalKeys initiatorToResponder, DirectionalKeys responderToInitiator)
        implements Destroyable {

    public ChildSaKeys {
        Objects.requireNonNull(initiatorToResponder, "initiatorToResponder");
        Objects.requireNonNull(responderToInitiator, "responderToInitiator");
    }

    @Override
    public void destroy() {
        initiatorToResponder.destroy();
        responderToInitiator.destroy();
    }

    @Override
    public boolean isDestroyed() {
        return initiatorToResponder.isDestroyed() || responderToInitiator.isDestroyed();
    }
}
