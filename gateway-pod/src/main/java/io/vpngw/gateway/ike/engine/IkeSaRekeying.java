package io.vpngw.gateway.ike.engine;

import io.vpngw.gateway.crypto.SecretBytes;
import io.vpngw.gateway.crypto.kdf.IkeKeyDerivation;
import io.vpngw.gateway.ike.proposal.IkeSuite;

/** Building the IKE SA that replaces a rekeyed one (RFC 7296 §2.18). */
final class IkeSaRekeying {

    private IkeSaRekeying() {
    }

    /**
     * The new SA: keys from SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr) under the old PRF,
     * the Child SAs of the old SA, message IDs from zero, registered with the engine.
     *
     * @param weInitiated whether we sent the rekeying request, making us the new original initiator
     */
    static IkeSa successor(IkeSa old, boolean weInitiated, long ourSpi, long peerSpi, IkeSuite suite,
                           SecretBytes sharedSecret, byte[] ni, byte[] nr) {
        IkeSa successor = new IkeSa(old.engine, old.connection, weInitiated, old.local, old.remote,
                weInitiated ? ourSpi : peerSpi, weInitiated ? peerSpi : ourSpi, IkeSa.State.ESTABLISHED);
        successor.initiatorNonce = ni;
        successor.responderNonce = nr;
        successor.natDetected = old.natDetected;
        SecretBytes skeyseed = IkeKeyDerivation.rekeyedSkeyseed(old.suite.prf(), old.keys.skD(), sharedSecret, ni, nr);
        sharedSecret.destroy();
        successor.installKeys(suite, skeyseed);
        old.handOverChildren(successor);
        old.engine.registry().register(successor);
        successor.scheduleLivenessCheck(old.connection.dpdInterval());
        if (old.retiring) {
            // the rekey crossed our deletion of the connection's SA: the successor goes the same way
            successor.retiring = true;
            successor.tasks.queue(new IkeDeleteTask());
        }
        return successor;
    }
}
