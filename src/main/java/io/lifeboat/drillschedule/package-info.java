/**
 * Scheduled test failovers: a tenant's schedules (a Quartz cron expression in a time zone, the VMs with their checks, the
 * time limit), each a durable Quartz cron trigger whose run starts a drill through {@link io.lifeboat.drill.UnattendedDrills}
 * with nobody logged in; the drill ends itself once checked and files its report. The schedules section of the drills
 * page comes from here ({@code ui}, a {@link io.lifeboat.drill.ui.DrillsPageSection}). Depends on {@code drill}, never
 * the other way round.
 */
package io.lifeboat.drillschedule;
