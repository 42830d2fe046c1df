package io.vpngw.api.v1alpha1;

/** The Kubernetes Service type that exposes a gateway's public endpoint. */
public enum ServiceType {
    LoadBalancer, NodePort, ClusterIP
}
