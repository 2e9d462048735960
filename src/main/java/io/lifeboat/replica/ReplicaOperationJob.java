package io.lifeboat.replica;

import java.util.List;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;

/** Runs (or, after a restart, resumes) one operation on replicas. Thin: the runner of the operation does the work. */
class ReplicaOperationJob implements Job {

    private final List<ReplicaOperationRunner> runners;

    ReplicaOperationJob(List<ReplicaOperationRunner> runners) {
        this.runners = runners;
    }

    @Override
    public void execute(JobExecutionContext context) {
        JobDataMap data = context.getMergedJobDataMap();
        ReplicaState operation = ReplicaState.valueOf(data.getString(ReplicaJobs.OPERATION));
        ReplicaOperationRunner runner = runners.stream().filter(r -> r.runs().contains(operation)).findFirst()
                .orElseThrow(() -> new IllegalStateException("No runner carries out " + operation));
        runner.run(operation, data.getLong(ReplicaJobs.TASK_ID));
    }
}
