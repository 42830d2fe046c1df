package io.vpngw.gateway.interop;

/**
 * What an iperf3 TCP client reported ({@code --json}, section {@code end}).
 *
 * @param sentBitsPerSecond     sender's rate (sum over streams)
 * @param receivedBitsPerSecond receiver's rate: the goodput that crossed the tunnel
 * @param retransmits           TCP retransmissions on the sender
 */
public record IperfResult(double seconds, long sentBytes, long receivedBytes, double sentBitsPerSecond,
                          double receivedBitsPerSecond, long retransmits, double hostCpuPercent, double remoteCpuPercent) {

    public double receivedMegabitsPerSecond() {
        return receivedBitsPerSecond / 1e6;
    }
}
