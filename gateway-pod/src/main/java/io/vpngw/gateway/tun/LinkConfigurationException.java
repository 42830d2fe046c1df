package io.vpngw.gateway.tun;

/** Configuring an interface failed; the message has the {@code ip} command and what it said. */
public final class LinkConfigurationException extends RuntimeException {

    public LinkConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
