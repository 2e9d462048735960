package io.lifeboat.failover;

import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;
import org.springframework.stereotype.Component;

/**
 * Schedules failover and undo runs as durable Quartz jobs that request recovery: a portal killed mid-run picks the
 * job up again on restart, and the runner resumes from the replicas' stored state. Scheduled inside the caller's
 * transaction (Quartz shares the data source), so a job exists exactly when the state change committed.
 */
@Component
class FailoverJobs {

    static final String TASK_ID = "taskId";

    private final Scheduler scheduler;

    FailoverJobs(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    void scheduleFailover(long taskId) {
        schedule(FailoverJob.class, "failover-" + taskId, taskId);
    }

    void scheduleUndo(long taskId) {
        schedule(UndoJob.class, "undo-" + taskId, taskId);
    }

    void scheduleFailback(long taskId) {
        schedule(FailbackJob.class, "failback-" + taskId, taskId);
    }

    void scheduleCommitFailback(long taskId) {
        schedule(CommitFailbackJob.class, "commit-failback-" + taskId, taskId);
    }

    void scheduleUndoFailback(long taskId) {
        schedule(UndoFailbackJob.class, "undo-failback-" + taskId, taskId);
    }

    private void schedule(Class<? extends org.quartz.Job> type, String name, long taskId) {
        JobDetail job = JobBuilder.newJob(type).withIdentity(name, "failover").usingJobData(TASK_ID, taskId)
                .requestRecovery(true).build();
        try {
            scheduler.scheduleJob(job, TriggerBuilder.newTrigger().withIdentity(name, "failover").startNow().build());
        } catch (SchedulerException e) {
            throw new IllegalStateException("Could not schedule " + name + ": " + e.getMessage(), e);
        }
    }
}
