package io.lifeboat;

import java.io.InputStream;
import java.util.Properties;
import org.quartz.Scheduler;
import org.quartz.impl.StdSchedulerFactory;

/**
 * Creates a clustered Quartz scheduler with the portal's scheduler settings from application.properties and prints its
 * instance id. With the argument {@code quartz-default} it uses
 * Quartz's own AUTO id generator instead, to show what the portal's generator avoids.
 */
public final class QuartzInstanceIdProbe {

    private static final String PREFIX = "spring.quartz.properties.";

    private QuartzInstanceIdProbe() {
    }

    public static void main(String[] args) throws Exception {
        Properties portal = new Properties();
        try (InputStream in = QuartzInstanceIdProbe.class.getResourceAsStream("/application.properties")) {
            portal.load(in);
        }
        Properties quartz = new Properties();
        for (String key : portal.stringPropertyNames()) {
            String name = key.startsWith(PREFIX) ? key.substring(PREFIX.length()) : "";
            if (name.startsWith("org.quartz.scheduler.") || name.startsWith("org.quartz.threadPool.")) {
                quartz.setProperty(name, portal.getProperty(key));
            }
        }
        if (args.length > 0 && args[0].equals("quartz-default")) {
            quartz.remove("org.quartz.scheduler.instanceIdGenerator.class");
        }
        // Clustered, as in the postgres profile: only a clustered scheduler asks the id generator. The database is not
        // touched before the scheduler starts, so an empty in-memory one will do.
        quartz.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        quartz.setProperty("org.quartz.jobStore.isClustered", "true");
        quartz.setProperty("org.quartz.jobStore.dataSource", "probe");
        quartz.setProperty("org.quartz.dataSource.probe.driver", "org.h2.Driver");
        quartz.setProperty("org.quartz.dataSource.probe.URL", "jdbc:h2:mem:probe");
        quartz.setProperty("org.quartz.dataSource.probe.provider", "hikaricp");
        Scheduler scheduler = new StdSchedulerFactory(quartz).getScheduler();
        System.out.println("instance id: " + scheduler.getSchedulerInstanceId());
        scheduler.shutdown();
    }
}
