package io.lifeboat.failover;

import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** Runs (or resumes) a commit failback. Thin: the runner does the work. */
class CommitFailbackJob implements Job {

    private final FailbackRunner runner;

    CommitFailbackJob(FailbackRunner runner) {
        this.runner = runner;
    }

    @Override
    public void execute(JobExecutionContext context) {
        runner.runCommit(context.getMergedJobDataMap().getLong(FailoverJobs.TASK_ID));
    }
}
