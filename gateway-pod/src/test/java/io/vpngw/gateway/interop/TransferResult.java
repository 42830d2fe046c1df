package io.vpngw.gateway.interop;

import java.time.Duration;

/**
 * One checked TCP transfer: how many bytes each end counted, the SHA-256 of what was sent and of
 * what arrived, and the SHA-256 the deterministic stream must have.
 */
public record TransferResult(long requestedBytes, long sentBytes, long receivedBytes,
                             String expectedSha256, String sentSha256, String receivedSha256, Duration elapsed) {

    /** Every byte arrived, in order, unaltered. */
    public boolean intact() {
        return receivedBytes == requestedBytes && sentBytes == requestedBytes
                && expectedSha256.equals(sentSha256) && expectedSha256.equals(receivedSha256);
    }

    /** Goodput in bits per second over the transfer, including the JVMs' connection set-up. */
    public double bitsPerSecond() {
        return elapsed.isZero() ? 0 : receivedBytes * 8.0 / (elapsed.toNanos() / 1e9);
    }
}
