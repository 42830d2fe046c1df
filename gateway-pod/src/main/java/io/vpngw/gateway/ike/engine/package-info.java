/**
 * The IKEv2 exchange engine (RFC 7296). {@link io.vpngw.gateway.ike.engine.IkeEngine} finds the IKE
 * SA of each datagram by SPI and answers new IKE_SA_INIT requests; each IKE SA has a task manager
 * that runs one exchange of ours at a time (window size 1, §2.3), retransmits with back-off until
 * the request is answered or given up (which declares the peer dead), answers the peer's requests
 * in order and repeats its last answer to retransmissions.
 *
 * <p>Exchanges are small task classes, an initiator half (build the request, process the answer)
 * and a responder half: {@code IkeSaInitTask}, {@code IkeAuthTask} with the first Child SA,
 * {@code ChildRekeyTask}, {@code IkeRekeyTask}, {@code ChildDeleteTask}, {@code IkeDeleteTask},
 * {@code DpdTask}; and {@code IkeSaInitResponder}, {@code IkeAuthResponder},
 * {@code CreateChildSaResponder}, {@code InformationalResponder}.
 *
 * <p>Everything here is confined to one thread; received input never makes it throw.
 */
package io.vpngw.gateway.ike.engine;
