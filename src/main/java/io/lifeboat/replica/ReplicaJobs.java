package io.lifeboat.replica;

import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Schedules the operation behind a working state as a durable Quartz job that requests recovery: a portal killed
 * mid-run picks the job up again on restart, and the runner resumes from the replicas' stored state. Scheduled inside
 * the caller's transaction (Quartz shares the data source), so a job exists exactly when the state change committed.
 */
@Component
public class ReplicaJobs {

    private static final Logger log = LoggerFactory.getLogger(ReplicaJobs.class);

    static final String TASK_ID = "taskId";
    static final String OPERATION = "operation";

    private final Scheduler scheduler;

    ReplicaJobs(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Schedules the operation of {@code working} (a busy state) for the replicas of task {@code taskId}. */
    public void schedule(ReplicaState working, long taskId) {
        String name = jobName(working) + "-" + taskId;
        JobDetail job = JobBuilder.newJob(ReplicaOperationJob.class).withIdentity(name, "failover").usingJobData(TASK_ID, taskId)
                .usingJobData(OPERATION, working.name()).requestRecovery(true).build();
        TriggerKey trigger = TriggerKey.triggerKey(name, "failover");
        try {
            scheduler.scheduleJob(job, TriggerBuilder.newTrigger().withIdentity(trigger).startNow().build());
        } catch (SchedulerException e) {
            throw new IllegalStateException("Could not schedule " + name + ": " + e.getMessage(), e);
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    wakeScheduler(trigger);
                }
            });
        }
    }

    /**
     * Quartz wakes its scheduler thread when a job is scheduled, but inside our transaction the trigger is not committed
     * yet: the thread finds nothing and sleeps for its idle wait (up to a second) before it looks again. Resuming the
     * trigger after the commit changes nothing (it is not paused) but wakes the thread, which now finds the job. If it
     * fails, the job still runs at the thread's next look.
     */
    private void wakeScheduler(TriggerKey trigger) {
        try {
            scheduler.resumeTrigger(trigger);
        } catch (SchedulerException | RuntimeException e) {
            log.debug("Could not wake the scheduler for {}; it runs at Quartz's next look: {}", trigger, e.getMessage());
        }
    }

    private static String jobName(ReplicaState working) {
        return switch (working) {
            case FAILOVER_STARTING -> "failover";
            case UNDOING -> "undo";
            case FAILBACK_STARTING -> "failback";
            case COMMITTING -> "commit-failback";
            case UNDOING_FAILBACK -> "undo-failback";
            case DRILL_STARTING -> "drill";
            case DRILL_ENDING -> "end-drill";
            default -> throw new IllegalArgumentException(working + " has no operation to run");
        };
    }
}
