package io.lifeboat.gateway;

import java.util.Optional;

/**
 * The LAN NIC of the VM each appliance must run in, as its hypervisor configured it (ADR 0005, "One process per
 * identity"): a process that dials with the appliance's certificate from behind another NIC runs in a copied VM, and is
 * refused at once, whether or not the original answers.
 */
@FunctionalInterface
public interface ApplianceNics {

    /** Nothing known: every identity is checked by its processes' liveness alone. */
    ApplianceNics NONE = id -> Optional.empty();

    /** The MAC (lower case, colon-separated) of {@code id}'s VM's LAN NIC; empty when no VM was made for it (a gateway host). */
    Optional<String> lanMac(String id);
}
