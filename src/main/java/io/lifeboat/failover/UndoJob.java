package io.lifeboat.failover;

import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** Runs (or resumes) an undo failover or a clean-up retry. */
class UndoJob implements Job {

    private final FailoverRunner runner;

    UndoJob(FailoverRunner runner) {
        this.runner = runner;
    }

    @Override
    public void execute(JobExecutionContext context) {
        runner.runUndo(context.getMergedJobDataMap().getLong(FailoverJobs.TASK_ID));
    }
}
