package io.vpngw.gateway.ike.message;

import java.util.Objects;
import java.util.Optional;

/**
 * What parsing untrusted octets produced: either the value, or why the octets are not a valid
 * encoding of one. Parsing never throws; callers switch over this instead.
 *
 * @param <T> the parsed type
 */
public sealed interface ParseResult<T> {

    /** The octets were a valid encoding of {@code value}. */
    record Parsed<T>(T value) implements ParseResult<T> {
        public Parsed {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * The octets were not a valid encoding. {@code reason} says where and why, for logs and
     * counters; it is not meant for the peer.
     */
    record Malformed<T>(String reason) implements ParseResult<T> {
        public Malformed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The value if parsing succeeded, for callers that only need to drop bad input. */
    default Optional<T> toOptional() {
        return this instanceof Parsed<T>(T v) ? Optional.of(v) : Optional.empty();
    }
}
