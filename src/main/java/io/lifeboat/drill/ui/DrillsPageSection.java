package io.lifeboat.drill.ui;

import com.vaadin.flow.component.Component;
import io.lifeboat.tenancy.TenantContext;

/**
 * A section another room adds at the end of the drills page, contributed as a bean (the schedules, from
 * {@code drillschedule}, which depends on this room): the page shows it without knowing that room. A section keeps
 * itself up to date (it registers with the shell's {@code UiBroadcaster} while attached).
 */
public interface DrillsPageSection {

    /** A new section for one page, for {@code viewer}: operators may change things, everyone else reads. */
    Component create(TenantContext viewer);
}
