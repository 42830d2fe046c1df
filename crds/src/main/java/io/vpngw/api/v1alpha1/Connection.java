package io.vpngw.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One tunnel relationship of a gateway: site-to-site, VNet-to-VNet or ExpressRoute. */
@Group(VirtualNetworkGateway.GROUP)
@Version(VirtualNetworkGateway.VERSION)
@ShortNames("vcn")
@Categories("vpngw")
@AdditionalPrinterColumn(name = "TYPE", jsonPath = ".spec.connectionType", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "GATEWAY", jsonPath = ".spec.virtualNetworkGateway1.name", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "PEER", jsonPath = ".status.peer", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "STATUS", jsonPath = ".status.connectionStatus", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "INGRESS", jsonPath = ".status.ingressBytesTransferred", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "EGRESS", jsonPath = ".status.egressBytesTransferred", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "READY", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "AGE", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Connection extends CustomResource<ConnectionSpec, ConnectionStatus> implements Namespaced {
}
