package io.lifeboat.inventory;

import java.time.Duration;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the periodic inventory sync with Quartz (Spring Boot adds JobDetail and Trigger beans to the scheduler). */
@Configuration
class InventorySyncSchedule {

    @Bean
    JobDetail inventorySyncJob() {
        return JobBuilder.newJob(InventorySyncJob.class).withIdentity("inventory-sync", "inventory").storeDurably().build();
    }

    @Bean
    Trigger inventorySyncTrigger(JobDetail inventorySyncJob, @Value("${lifeboat.inventory.sync-interval:PT60S}") Duration interval) {
        return TriggerBuilder.newTrigger().forJob(inventorySyncJob).withIdentity("inventory-sync", "inventory")
                .startAt(new java.util.Date(System.currentTimeMillis() + interval.toMillis()))
                .withSchedule(SimpleScheduleBuilder.repeatSecondlyForever((int) Math.max(1, interval.toSeconds()))
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }
}
