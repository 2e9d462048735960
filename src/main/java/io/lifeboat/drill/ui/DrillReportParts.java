package io.lifeboat.drill.ui;

import com.vaadin.flow.component.Component;
import io.lifeboat.drill.DrillInfo;
import java.util.List;

/**
 * What another room adds to the report of the drill shown on the drills page, contributed as a bean (the downloads and
 * the seal's verification, from {@code drillreport}, which depends on this room).
 */
public interface DrillReportParts {

    /** Beside "End test failover…", in that order (the downloads). */
    List<Component> actions(DrillInfo drill);

    /** Under the drill's VMs (the report's hash and its verification). */
    Component below(DrillInfo drill);
}
