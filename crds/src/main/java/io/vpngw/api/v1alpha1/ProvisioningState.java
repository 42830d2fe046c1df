package io.vpngw.api.v1alpha1;

/** Azure's provisioning state, derived from the conditions. */
public enum ProvisioningState {
    Updating, Succeeded, Failed, Deleting
}
