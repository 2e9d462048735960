package io.lifeboat.drill;

import io.lifeboat.shared.TenantDataChanged;

/**
 * A drill moved on (running, ended): published in the transaction that changed it, so open drill pages refresh and
 * webhooks announce it. Once ended, it is published again when the report is sealed, with the report's hash.
 */
public record DrillChanged(long drillId, Long tenantId, DrillState state, String reportSha256) implements TenantDataChanged {
}
