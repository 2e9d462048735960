package io.lifeboat.replica;

import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Whether this node still holds the run of a job, asked before a job that waited out a database outage carries on. A
 * node that could not reach the database stopped checking in with the cluster; another node then took it for dead and
 * recovered its jobs, deleting its rows of fired triggers, and runs the operation itself. Carrying on here too would
 * run it twice at once (two power-ons, two markers, one run rolling back what the other did).
 */
@Component
class JobOwnership {

    private final JdbcTemplate jdbc;

    JobOwnership(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** True when the job store is not clustered (no other node can have taken the job). */
    boolean stillHeldHere(JobExecutionContext context) throws SchedulerException {
        Scheduler scheduler = context.getScheduler();
        if (!scheduler.getMetaData().isJobStoreClustered()) {
            return true;
        }
        Integer held = jdbc.queryForObject("select count(*) from qrtz_fired_triggers where sched_name = ? and entry_id = ? and instance_name = ?",
                Integer.class, scheduler.getSchedulerName(), context.getFireInstanceId(), scheduler.getSchedulerInstanceId());
        return held != null && held > 0;
    }
}
