/**
 * The data plane's state as the control side reads it ({@code TunnelStatusSource}): fed to the
 * status ConfigMap and to {@code /metrics}, so neither reaches into the runtime's internals.
 */
package io.vpngw.gateway.status;
