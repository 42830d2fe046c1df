package io.vpngw.api.v1alpha1;

/** The role an instance of an active-standby gateway holds. */
public enum InstanceRole {
    Active, Standby
}
