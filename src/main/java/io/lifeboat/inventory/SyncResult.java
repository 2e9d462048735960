package io.lifeboat.inventory;

/** What one inventory sync of one tenant found. {@code productionSiteError} is null when the tenant site answered. */
public record SyncResult(String tenant, int replicas, int restorePoints, int added, int missing, long millis,
                         String productionSiteError) {
}
