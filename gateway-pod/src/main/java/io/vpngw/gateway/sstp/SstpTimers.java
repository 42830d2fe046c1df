package io.vpngw.gateway.sstp;

import java.time.Duration;

/**
 * The timers of [MS-SSTP] 3.1.2 / 3.2.2 / 3.3.2.
 *
 * @param negotiation   from the connection to Call Connected (TIMER_VAL_NEGOTIATION_TIMER, 60 s)
 * @param hello         idle time before an Echo Request, and again before giving up (TIMER_VAL_HELLO_TIMER, 60 s)
 * @param abortSent     wait for the peer's Abort after sending ours (TIMER_VAL_ABORT_STATE_TIMER_1, 3 s)
 * @param abortReceived linger after answering the peer's Abort (TIMER_VAL_ABORT_STATE_TIMER_2, 1 s)
 * @param disconnectSent wait for the Disconnect Ack (TIMER_VAL_DISCONNECT_STATE_TIMER_1, 5 s)
 * @param disconnectReceived linger after acknowledging a Disconnect (TIMER_VAL_DISCONNECT_STATE_TIMER_2, 1 s)
 */
public record SstpTimers(Duration negotiation, Duration hello, Duration abortSent, Duration abortReceived,
                         Duration disconnectSent, Duration disconnectReceived) {

    public static SstpTimers specification() {
        return new SstpTimers(Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(3), Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofSeconds(1));
    }

    public SstpTimers withNegotiation(Duration d) {
        return new SstpTimers(d, hello, abortSent, abortReceived, disconnectSent, disconnectReceived);
    }

    public SstpTimers withHello(Duration d) {
        return new SstpTimers(negotiation, d, abortSent, abortReceived, disconnectSent, disconnectReceived);
    }
}
