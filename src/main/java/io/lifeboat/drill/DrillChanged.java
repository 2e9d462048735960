package io.lifeboat.drill;

import io.lifeboat.shared.TenantDataChanged;

/**
 * A drill moved on (running, ended): published in the transaction that changed it, so open drill pages refresh and
 * webhooks announce it. Once ended, it is published again when the report is sealed, with the report's hash.
 * {@code anyVmStarted}: whether any of its VMs is, or was, up in the isolated network (powered on there and not rolled
 * back); a drill marked running without one (every VM rolled back, or its start broke off before any) started nothing.
 */
public record DrillChanged(long drillId, Long tenantId, DrillState state, String reportSha256, boolean anyVmStarted) implements TenantDataChanged {
}
