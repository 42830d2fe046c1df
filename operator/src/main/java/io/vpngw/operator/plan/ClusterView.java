package io.vpngw.operator.plan;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.vpngw.api.v1alpha1.Connection;
import io.vpngw.api.v1alpha1.LocalNetworkGateway;
import io.vpngw.api.v1alpha1.VirtualNetworkGateway;
import java.util.List;
import java.util.Optional;

/** What the planner may read of the cluster: in the operator, the informers' caches. */
public interface ClusterView {
    /** Connections whose virtualNetworkGateway1 is this gateway. */
    List<Connection> connectionsOf(String namespace, String gateway);

    /** Connections that reference a LocalNetworkGateway. */
    List<Connection> connectionsUsingSite(String namespace, String site);

    Optional<LocalNetworkGateway> site(String namespace, String name);

    Optional<VirtualNetworkGateway> gateway(String namespace, String name);

    Optional<Secret> secret(String namespace, String name);

    /** The gateway's ConfigMap as the operator last wrote it, holding the configuration in force. */
    Optional<ConfigMap> configMap(String namespace, String name);
}
