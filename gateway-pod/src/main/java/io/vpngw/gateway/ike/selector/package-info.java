/** Traffic selectors from configured prefixes and their narrowing by a responder (RFC 7296 §2.9). */
package io.vpngw.gateway.ike.selector;
