package io.vpngw.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** The on-premises side of site-to-site tunnels: a VPN device and the prefixes behind it. */
@Group(VirtualNetworkGateway.GROUP)
@Version(VirtualNetworkGateway.VERSION)
@ShortNames("lng")
@Categories("vpngw")
@AdditionalPrinterColumn(name = "ADDRESS", jsonPath = ".status.resolvedAddresses[*]", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "PREFIXES", jsonPath = ".spec.localNetworkAddressSpace.addressPrefixes[*]", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "READY", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class LocalNetworkGateway extends CustomResource<LocalNetworkGatewaySpec, LocalNetworkGatewayStatus>
        implements Namespaced {
}
