package io.lifeboat.drill;

import io.lifeboat.shared.TenantDataChanged;

/** A drill moved on (running, ended): published in the transaction that changed it, so open drill pages refresh. */
public record DrillChanged(long drillId, Long tenantId, DrillState state) implements TenantDataChanged {
}
