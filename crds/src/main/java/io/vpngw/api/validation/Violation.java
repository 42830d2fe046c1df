package io.vpngw.api.validation;

/**
 * One reason an object is refused, worded the way the Kubernetes API server words it.
 *
 * @param field   the field path, e.g. {@code spec.ipsecPolicies[0]}
 * @param message what is wrong and, for rules, what to change
 */
public record Violation(String field, String message) {
    @Override
    public String toString() {
        return field.isEmpty() ? message : field + ": " + message;
    }
}
