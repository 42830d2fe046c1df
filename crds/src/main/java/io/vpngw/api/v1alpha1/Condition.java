package io.vpngw.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A condition in the shape of Kubernetes' metav1.Condition. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Condition {

    @Required
    @Size(max = 316)
    @JsonPropertyDescription("Ready, Reconciling or Stalled (kstatus).")
    private String type;

    @Required
    @Pattern("^(True|False|Unknown)$")
    @JsonPropertyDescription("True, False or Unknown.")
    private String status;

    @JsonPropertyDescription("The metadata.generation the condition was set for.")
    private Long observedGeneration;

    @Required
    @JsonPropertyDescription("When the status last changed (RFC 3339).")
    private String lastTransitionTime;

    @Required
    @Size(max = 1024)
    @JsonPropertyDescription("A CamelCase word for why, e.g. Reconciled, NotSupported, ReferenceNotFound.")
    private String reason;

    @Required
    @Size(max = 32768)
    @JsonPropertyDescription("What happened, for a person; for Stalled, what to change.")
    private String message;

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public String getLastTransitionTime() {
        return lastTransitionTime;
    }

    public void setLastTransitionTime(String lastTransitionTime) {
        this.lastTransitionTime = lastTransitionTime;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }
}
