package io.lifeboat.appliance;

/** Which end of the extended network an NEA serves. The tenant NEA is the tunnel client (works behind NAT). */
public enum NeaRole {
    TENANT, PROVIDER;

    /** "tenant NEA" or "provider NEA", as messages and pages name it. */
    public String label() {
        return this == TENANT ? "tenant NEA" : "provider NEA";
    }
}
