package io.lifeboat.failover;

import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** Runs (or resumes) a failback to production. Thin: the runner does the work. */
class FailbackJob implements Job {

    private final FailbackRunner runner;

    FailbackJob(FailbackRunner runner) {
        this.runner = runner;
    }

    @Override
    public void execute(JobExecutionContext context) {
        runner.runFailback(context.getMergedJobDataMap().getLong(FailoverJobs.TASK_ID));
    }
}
