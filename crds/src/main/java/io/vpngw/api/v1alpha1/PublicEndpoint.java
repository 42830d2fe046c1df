package io.vpngw.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/** The Service that exposes a gateway. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PublicEndpoint {

    @Default("LoadBalancer")
    @JsonPropertyDescription("The Service type: LoadBalancer (default), NodePort or ClusterIP.")
    private ServiceType serviceType = ServiceType.LoadBalancer;

    @Pattern(ApiFormats.IPV4)
    @JsonPropertyDescription("A fixed address for a LoadBalancer Service, where the cluster's load balancer honours it.")
    private String loadBalancerIP;

    @JsonPropertyDescription("Annotations copied onto the Service (e.g. to choose a load balancer).")
    private Map<String, String> annotations;

    public ServiceType getServiceType() {
        return serviceType;
    }

    public void setServiceType(ServiceType serviceType) {
        this.serviceType = serviceType;
    }

    public String getLoadBalancerIP() {
        return loadBalancerIP;
    }

    public void setLoadBalancerIP(String loadBalancerIP) {
        this.loadBalancerIP = loadBalancerIP;
    }

    public Map<String, String> getAnnotations() {
        return annotations;
    }

    public void setAnnotations(Map<String, String> annotations) {
        this.annotations = annotations;
    }
}
