package io.lifeboat.inventory;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** Periodic inventory sync of every placed tenant, then a check of the sites none uses. One tenant's failure does not stop the others. */
@DisallowConcurrentExecution
class InventorySyncJob implements Job {

    private final InventoryService inventory;

    InventorySyncJob(InventoryService inventory) {
        this.inventory = inventory;
    }

    @Override
    public void execute(JobExecutionContext context) {
        inventory.syncEverything();
    }
}
