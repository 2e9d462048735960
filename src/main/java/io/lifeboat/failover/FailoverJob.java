package io.lifeboat.failover;

import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** Runs (or, after a restart, resumes) one partial failover. Thin: the runner does the work. */
class FailoverJob implements Job {

    private final FailoverRunner runner;

    FailoverJob(FailoverRunner runner) {
        this.runner = runner;
    }

    @Override
    public void execute(JobExecutionContext context) {
        runner.runFailover(context.getMergedJobDataMap().getLong(FailoverJobs.TASK_ID));
    }
}
