package io.vpngw.gateway.ike.engine;

import io.vpngw.gateway.ike.Endpoint;
import io.vpngw.gateway.ike.Scheduler;
import io.vpngw.gateway.ike.message.Octets;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

/**
 * Stateless cookies for IKE_SA_INIT under load (RFC 7296 §2.6):
 * Cookie = VersionIDofSecret | Hash(Ni | IPi | SPIi | secret). The secret changes every
 * {@link #ROTATION}; a cookie made with the previous one is still accepted.
 */
final class CookieJar {

    static final Duration ROTATION = Duration.ofMinutes(2);
    private static final int HASH_LENGTH = 16;

    private final Scheduler scheduler;
    private final SecureRandom random;
    private byte[] current = new byte[32];
    private byte[] previous;
    private int version;
    private Instant rotatedAt;

    CookieJar(Scheduler scheduler, SecureRandom random) {
        this.scheduler = scheduler;
        this.random = random;
        random.nextBytes(current);
        rotatedAt = scheduler.now();
    }

    Octets cookie(byte[] nonce, Endpoint initiator, long spiI) {
        rotateIfDue();
        return make(version, current, nonce, initiator, spiI);
    }

    boolean isValid(Octets cookie, byte[] nonce, Endpoint initiator, long spiI) {
        rotateIfDue();
        if (cookie.length() != 1 + HASH_LENGTH) {
            return false;
        }
        int cookieVersion = cookie.unsignedByteAt(0);
        if (cookieVersion == version) {
            return make(version, current, nonce, initiator, spiI).equals(cookie);
        }
        return previous != null && cookieVersion == ((version + 255) & 0xFF)
                && make(cookieVersion, previous, nonce, initiator, spiI).equals(cookie);
    }

    private void rotateIfDue() {
        Instant now = scheduler.now();
        if (Duration.between(rotatedAt, now).compareTo(ROTATION) >= 0) {
            previous = current;
            current = new byte[32];
            random.nextBytes(current);
            version = (version + 1) & 0xFF;
            rotatedAt = now;
        }
    }

    private static Octets make(int version, byte[] secret, byte[] nonce, Endpoint initiator, long spiI) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(nonce);
            digest.update(initiator.address().getAddress());
            digest.update(ByteBuffer.allocate(8).putLong(spiI).array());
            digest.update(secret);
            byte[] hash = digest.digest();
            byte[] cookie = new byte[1 + HASH_LENGTH];
            cookie[0] = (byte) version;
            System.arraycopy(hash, 0, cookie, 1, HASH_LENGTH);
            return Octets.copyOf(cookie);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
