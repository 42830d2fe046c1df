/**
 * SA proposals: what a connection offers and accepts ({@link io.vpngw.gateway.ike.proposal.CryptoPolicy},
 * Azure's defaults or a custom policy with Azure's names), responder-side selection per RFC 7296
 * §3.3.6 ({@link io.vpngw.gateway.ike.proposal.ProposalSelector}) and the negotiated suites
 * ({@link io.vpngw.gateway.ike.proposal.IkeSuite}, {@link io.vpngw.gateway.ike.proposal.ChildSuite}).
 */
package io.vpngw.gateway.ike.proposal;
