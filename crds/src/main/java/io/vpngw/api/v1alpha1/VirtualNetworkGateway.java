package io.vpngw.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A VPN gateway for one virtual network: a pair of gateway pods (instances) that terminate
 * site-to-site, VNet-to-VNet and point-to-site tunnels.
 */
@Group(VirtualNetworkGateway.GROUP)
@Version(VirtualNetworkGateway.VERSION)
@ShortNames("vng")
@Categories("vpngw")
@AdditionalPrinterColumn(name = "TYPE", jsonPath = ".spec.gatewayType", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "VPN-TYPE", jsonPath = ".spec.vpnType", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "SKU", jsonPath = ".spec.sku", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "ACTIVE-ACTIVE", jsonPath = ".spec.activeActive", type = AdditionalPrinterColumn.Type.BOOLEAN)
@AdditionalPrinterColumn(name = "PUBLIC-IP", jsonPath = ".status.publicIpAddresses[*]", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "ACTIVE", jsonPath = ".status.activeInstance", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "READY", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class VirtualNetworkGateway extends CustomResource<VirtualNetworkGatewaySpec, VirtualNetworkGatewayStatus>
        implements Namespaced {
    public static final String GROUP = "vpngw.io";
    public static final String VERSION = "v1alpha1";
}
