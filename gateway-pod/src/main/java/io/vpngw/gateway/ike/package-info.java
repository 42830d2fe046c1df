/**
 * The IKEv2 control plane's public face: the values the engine exchanges with the rest of the
 * gateway. {@link io.vpngw.gateway.ike.Datagram}s come in from and go out through a
 * {@link io.vpngw.gateway.ike.DatagramSender}; negotiated {@link io.vpngw.gateway.ike.ChildSa}s go
 * to the data plane through a {@link io.vpngw.gateway.ike.ChildSaListener}; what happens to IKE SAs
 * is reported as {@link io.vpngw.gateway.ike.IkeEvent}s with typed {@link io.vpngw.gateway.ike.IkeFailure}s;
 * time comes from an injected {@link io.vpngw.gateway.ike.Scheduler}.
 * {@link io.vpngw.gateway.ike.ConnectionSettings} resolves a configured connection.
 *
 * <p>Subpackages: {@code message} (the codec), {@code proposal} (Azure policy to proposals and
 * their selection), {@code selector} (traffic selectors), {@code auth} (PSK AUTH), {@code engine}
 * (the exchanges).
 */
package io.vpngw.gateway.ike;
