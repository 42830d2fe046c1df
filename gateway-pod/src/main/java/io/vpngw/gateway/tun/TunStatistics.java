package io.vpngw.gateway.tun;

/**
 * What one {@link TunDevice} queue has moved since it was opened.
 *
 * @param packetsRead          IPv4 packets handed to the caller
 * @param bytesRead            their octets
 * @param readDroppedNotIpv4   packets read and dropped because they were not IPv4 (IPv6 router
 *                             solicitations arrive as soon as the interface is up)
 * @param readDroppedOversize  packets read and dropped because they did not fit the buffer offered
 * @param readDroppedMalformed packets read and dropped because their IPv4 header was inconsistent
 * @param packetsWritten       packets the kernel accepted
 * @param bytesWritten         their octets
 * @param writeDroppedNotIpv4  packets not written because they were not IPv4
 * @param writeFailed          packets the kernel refused (interface down, malformed, no memory)
 * @param superPacketsRead     with offload: reads that brought a TCP or UDP super-packet, cut
 *                             into the packets counted in {@code packetsRead}
 */
public record TunStatistics(
        long packetsRead,
        long bytesRead,
        long readDroppedNotIpv4,
        long readDroppedOversize,
        long readDroppedMalformed,
        long packetsWritten,
        long bytesWritten,
        long writeDroppedNotIpv4,
        long writeFailed,
        long superPacketsRead) {}
