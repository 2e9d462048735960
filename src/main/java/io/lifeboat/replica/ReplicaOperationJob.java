package io.lifeboat.replica;

import io.lifeboat.shared.DatabaseOutage;
import io.lifeboat.tasks.TaskRecorder;
import io.lifeboat.tasks.TaskState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs (or, after a restart, resumes) one operation on replicas. Thin: the runner of the operation does the work.
 *
 * <p>When the database goes away mid-run, the runner can neither go on nor record a failure, and Quartz would end the
 * job with the task still RUNNING. So the job waits a little and runs again, as often as it takes: runners resume from
 * the stored state (each step idempotent), so the operation carries on where it stopped once the database is back.
 *
 * <p>A node that dies after a replica's last step but before the task's end leaves the task RUNNING with nothing
 * pending. The run resumed elsewhere then has nothing to do, so the job ends the task from the replicas' stored states.
 */
class ReplicaOperationJob implements Job {

    private static final Logger log = LoggerFactory.getLogger(ReplicaOperationJob.class);
    static final Duration DATABASE_RETRY_DELAY = Duration.ofSeconds(2);

    /** From the trigger's time (set in the transaction that scheduled it) to the job running: Quartz's pickup. */
    static final String PICKUP_TIMER = "lifeboat.replica.job.pickup";

    private final List<ReplicaOperationRunner> runners;
    private final MeterRegistry meters;
    private final ReplicaTransitions states;
    private final TaskRecorder tasks;

    ReplicaOperationJob(List<ReplicaOperationRunner> runners, MeterRegistry meters, ReplicaTransitions states, TaskRecorder tasks) {
        this.runners = runners;
        this.meters = meters;
        this.states = states;
        this.tasks = tasks;
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
            carryOut(operation, taskId);
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

    /** The operation's runner does the work; the task is ended here if the runner found none left to do. */
    void carryOut(ReplicaState operation, long taskId) {
        ReplicaOperationRunner runner = runners.stream().filter(r -> r.runs().contains(operation)).findFirst()
                .orElseThrow(() -> new IllegalStateException("No runner carries out " + operation));
        runner.run(operation, taskId);
        endIfLeftRunning(taskId, operation);
    }

    /** Ends a task whose runner found nothing left to do, as its replicas' states say it went; a no-op for an ended task. */
    private void endIfLeftRunning(long taskId, ReplicaState operation) {
        List<ReplicaStatus> replicas = states.ofTask(taskId);
        if (replicas.stream().anyMatch(replica -> replica.getState() == operation)) {
            return; // the runner left work for a later run
        }
        long failed = replicas.stream().filter(replica -> replica.getState() == ReplicaState.ERROR).count();
        TaskState end = failed == 0 ? TaskState.SUCCEEDED : failed == replicas.size() ? TaskState.FAILED : TaskState.PARTIALLY_FAILED;
        String summary = failed == 0 ? "Done; the portal node running it stopped before it recorded the end."
                : "Failed for " + failed + " of " + replicas.size() + " VM(s); see the log lines for each VM.";
        boolean ended = tasks.finishIfRunning(taskId, end, summary);
        if (ended) {
            log.info("Task {} ({}): ended from its replicas' states, as the run that did the work was interrupted before it ended the task", taskId, operation);
        }
    }
}
