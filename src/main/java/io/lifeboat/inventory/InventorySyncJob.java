package io.lifeboat.inventory;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Periodic inventory sync of every placed tenant, then a check of the sites none uses. One tenant's failure does not stop the others. */
@DisallowConcurrentExecution
class InventorySyncJob implements Job {

    private static final Logger log = LoggerFactory.getLogger(InventorySyncJob.class);

    private final InventoryService inventory;

    InventorySyncJob(InventoryService inventory) {
        this.inventory = inventory;
    }

    @Override
    public void execute(JobExecutionContext context) {
        for (Long tenantId : inventory.placedTenants()) {
            try {
                SyncResult result = inventory.sync(tenantId);
                log.debug("Inventory sync of tenant {}: {}", tenantId, result);
            } catch (RuntimeException e) {
                log.warn("Inventory sync of tenant {} failed: {}", tenantId, e.getMessage(), e);
            }
        }
        inventory.checkSitesWithoutTenants();
    }
}
