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

/**
 * What every vpngw status carries: kstatus conditions (Ready, Reconciling, Stalled) in the
 * metav1.Condition shape, and the generation they describe.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class ResourceStatus {

    @JsonPropertyDescription("The metadata.generation this status describes; older than metadata.generation while a change is being reconciled.")
    private Long observedGeneration;

    @JsonPropertyDescription("Ready (True when the goal state is reached), Reconciling (True while work is under way) and Stalled (True when progress needs a change from you; its message says what to change).")
    private List<Condition> conditions = new java.util.ArrayList<>();

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }
}
