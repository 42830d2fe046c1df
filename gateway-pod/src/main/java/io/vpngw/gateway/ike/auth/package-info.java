/** IKE_AUTH proofs: shared-key AUTH data of RFC 7296 §2.15. */
package io.vpngw.gateway.ike.auth;
