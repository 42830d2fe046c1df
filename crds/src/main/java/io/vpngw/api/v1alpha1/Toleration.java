package io.vpngw.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** A toleration for the gateway instances, as a Pod's toleration. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Toleration {

    @JsonPropertyDescription("The taint key; empty with operator Exists tolerates every taint.")
    private String key;

    @Pattern("^(Exists|Equal)$")
    @JsonPropertyDescription("Exists or Equal (default).")
    private String operator;

    @JsonPropertyDescription("The taint value to match with operator Equal.")
    private String value;

    @Pattern("^(NoSchedule|PreferNoSchedule|NoExecute)$")
    @JsonPropertyDescription("NoSchedule, PreferNoSchedule or NoExecute; empty matches all effects.")
    private String effect;

    @JsonPropertyDescription("With effect NoExecute: how long the instance stays on a tainted node, in seconds.")
    private Long tolerationSeconds;

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }

    public String getOperator() {
        return operator;
    }

    public void setOperator(String operator) {
        this.operator = operator;
    }

    public String getValue() {
        return value;
    }

    public void setValue(String value) {
        this.value = value;
    }

    public String getEffect() {
        return effect;
    }

    public void setEffect(String effect) {
        this.effect = effect;
    }

    public Long getTolerationSeconds() {
        return tolerationSeconds;
    }

    public void setTolerationSeconds(Long tolerationSeconds) {
        this.tolerationSeconds = tolerationSeconds;
    }
}
