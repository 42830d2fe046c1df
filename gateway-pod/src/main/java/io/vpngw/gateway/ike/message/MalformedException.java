package io.vpngw.gateway.ike.message;

/**
 * Raised inside the codec when input does not follow the wire format, and turned into a
 * {@link ParseResult.Malformed} at the public entry points; it never leaves the package.
 *
 * <p>Hostile input is expected traffic, so this is cheap: no stack trace is captured.
 */
final class MalformedException extends Exception {

    MalformedException(String reason) {
        super(reason, null, false, false);
    }
}
