package io.lifeboat.drillschedule.ui;

import com.vaadin.flow.component.Component;
import io.lifeboat.drill.ui.DrillsPageSection;
import io.lifeboat.drillschedule.DrillScheduleService;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.tenancy.TenantContext;
import io.lifeboat.ui.UiBroadcaster;

/** Puts the schedules at the end of the drills page, which knows this room only as a {@link DrillsPageSection}. */
@org.springframework.stereotype.Component
public class DrillSchedulesContributor implements DrillsPageSection {

    private final DrillScheduleService schedules;
    private final ReplicaOverviewService overview;
    private final UiBroadcaster broadcaster;

    public DrillSchedulesContributor(DrillScheduleService schedules, ReplicaOverviewService overview, UiBroadcaster broadcaster) {
        this.schedules = schedules;
        this.overview = overview;
        this.broadcaster = broadcaster;
    }

    @Override
    public Component create(TenantContext viewer) {
        return new DrillSchedulesSection(schedules, overview, broadcaster, viewer);
    }
}
