package io.lifeboat.replica;

import io.lifeboat.shared.DatabaseOutage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs (or, after a restart, resumes) one operation on replicas. Thin: the runner of the operation does the work.
 *
 * <p>When the database goes away mid-run, the runner can neither go on nor record a failure, and Quartz would end the
 * job with the task still RUNNING. So the job waits a little and runs again, as often as it takes: runners resume from
 * the stored state (each step idempotent), so the operation carries on where it stopped once the database is back.
 * Before it carries on it checks that this node still holds the job ({@link JobOwnership}): another node that took it
 * for dead meanwhile runs it. (A run inside one long vCenter call for the whole outage never waits, so it is not
 * checked; it finishes that call.) Never two runs of one job at once, also when a deferred run's new trigger and a
 * recovery both fire it: {@link DisallowConcurrentExecution}.
 *
 * <p>What a run leaves undone otherwise (a task still RUNNING, replicas in a working state after an error the runner did
 * not handle) is seen to by {@link OperationLeftovers}; a vCenter that leaves it waiting is said in its task by
 * {@link HungSiteNotices}.
 */
@DisallowConcurrentExecution
class ReplicaOperationJob implements Job {

    private static final Logger log = LoggerFactory.getLogger(ReplicaOperationJob.class);
    static final Duration DATABASE_RETRY_DELAY = Duration.ofSeconds(2);

    /** From the trigger's time (set in the transaction that scheduled it) to the job running: Quartz's pickup. */
    static final String PICKUP_TIMER = "lifeboat.replica.job.pickup";

    private final List<ReplicaOperationRunner> runners;
    private final MeterRegistry meters;
    private final OperationLeftovers leftovers;
    private final HungSiteNotices hungSites;
    private final JobOwnership ownership;

    ReplicaOperationJob(List<ReplicaOperationRunner> runners, MeterRegistry meters, OperationLeftovers leftovers, HungSiteNotices hungSites,
                        JobOwnership ownership) {
        this.runners = runners;
        this.meters = meters;
        this.leftovers = leftovers;
        this.hungSites = hungSites;
        this.ownership = ownership;
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        JobDataMap data = context.getMergedJobDataMap();
        ReplicaState operation = ReplicaState.valueOf(data.getString(ReplicaJobs.OPERATION));
        long taskId = data.getLong(ReplicaJobs.TASK_ID);
        if (context.getRefireCount() == 0 && !context.isRecovering() && context.getScheduledFireTime() != null) {
            Timer.builder(PICKUP_TIMER).description("Operation scheduled until its job runs").tag("operation", operation.name()).register(meters)
                    .record(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - context.getScheduledFireTime().getTime())));
        }
        try {
            if (context.getRefireCount() > 0 && !ownership.stillHeldHere(context)) {
                log.warn("Task {} ({}): another portal node took it over while this one could not reach the database; it goes on there",
                        taskId, operation);
                return;
            }
            carryOut(operation, taskId);
        } catch (SchedulerException e) {
            throw new JobExecutionException("Could not ask who holds " + context.getJobDetail().getKey() + ": " + e.getMessage(), e, false);
        } catch (OperationDeferred deferred) {
            runAgainLater(context, deferred.retryIn());
        } catch (RuntimeException e) {
            if (!DatabaseOutage.isCauseOf(e)) {
                throw e;
            }
            if (context.getRefireCount() % 30 == 0) {
                log.warn("Task {} ({}): the database is unreachable; it carries on once the database is back ({})", taskId, operation, e.getMessage());
            }
            try {
                Thread.sleep(DATABASE_RETRY_DELAY.toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new JobExecutionException("Interrupted while waiting for the database", e, false);
            }
            throw new JobExecutionException(e, true); // refire now, in this thread: Quartz needs no database for that
        }
    }

    /**
     * Gives the thread back to Quartz, whose other jobs (a failover) need not wait behind this one: another trigger of
     * the same job (durable while it has one, and still asking for recovery) fires it again after {@code retryIn}.
     */
    private static void runAgainLater(JobExecutionContext context, Duration retryIn) throws JobExecutionException {
        TriggerKey current = context.getTrigger().getKey();
        Trigger again = TriggerBuilder.newTrigger().forJob(context.getJobDetail().getKey())
                .withIdentity(current.getName() + "-again-" + System.nanoTime(), current.getGroup())
                .startAt(Date.from(Instant.now().plus(retryIn))).build();
        try {
            context.getScheduler().scheduleJob(again);
        } catch (SchedulerException e) {   // the database, most likely: wait here instead, holding the thread
            log.warn("Could not schedule {} to run again later; it waits in its thread: {}", context.getJobDetail().getKey(), e.getMessage());
            try {
                Thread.sleep(retryIn.toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            throw new JobExecutionException(e, true);
        }
    }

    /**
     * The operation's runner does the work; the task is ended here if the runner found none left to do, and failed with
     * its replicas if the runner broke with an error it did not handle. A database outage is the caller's to wait out.
     */
    void carryOut(ReplicaState operation, long taskId) {
        ReplicaOperationRunner runner = runners.stream().filter(r -> r.runs().contains(operation)).findFirst()
                .orElseThrow(() -> new IllegalStateException("No runner carries out " + operation));
        try (HungSiteNotices.Watch watch = hungSites.watch(taskId)) {
            runner.run(operation, taskId);
        } catch (RuntimeException e) {
            if (e instanceof OperationDeferred || DatabaseOutage.isCauseOf(e)) {
                throw e;
            }
            leftovers.failWhatIsLeft(taskId, operation, e);
            return;
        }
        leftovers.endIfLeftRunning(taskId, operation);
    }
}
