package io.lifeboat.failover;

import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** Runs (or resumes) an undo failback. Thin: the runner does the work. */
class UndoFailbackJob implements Job {

    private final FailbackRunner runner;

    UndoFailbackJob(FailbackRunner runner) {
        this.runner = runner;
    }

    @Override
    public void execute(JobExecutionContext context) {
        runner.runUndoFailback(context.getMergedJobDataMap().getLong(FailoverJobs.TASK_ID));
    }
}
