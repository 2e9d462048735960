package io.lifeboat.drill.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.router.QueryParameters;
import io.lifeboat.drill.DrillInfo;
import io.lifeboat.drill.DrillService;
import io.lifeboat.replica.ReplicaAction;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ui.ReplicaActionUi;
import io.lifeboat.replica.ui.TestFailoverLauncher;
import io.lifeboat.ui.UiBackground;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Opens the test failover wizard from the replica list, and offers "End test failover" on the page of a replica in a
 * drill (it leads to the drills page, where the whole drill is ended: a drill ends as one).
 */
@org.springframework.stereotype.Component
public class DrillLauncher implements TestFailoverLauncher, ReplicaActionUi {

    private final ReplicaOverviewService overview;
    private final DrillService drills;
    private final UiBackground background;

    public DrillLauncher(ReplicaOverviewService overview, DrillService drills, UiBackground background) {
        this.overview = overview;
        this.drills = drills;
        this.background = background;
    }

    @Override
    public void open(Set<ReplicaRow> preselected, Runnable onClose) {
        new DrillWizard(overview, drills, background, preselected, onClose, DrillLauncher::showDrill).open();
    }

    static void showDrill(long drillId) {
        UI.getCurrent().navigate(DrillsView.class, QueryParameters.simple(Map.of(DrillsView.DRILL_PARAMETER, String.valueOf(drillId))));
    }

    private Optional<Long> drillOf(ReplicaRow replica) {
        return replica.taskId() == null ? Optional.empty() : drills.findStartedBy(replica.taskId()).map(DrillInfo::id);
    }

    @Override
    public ReplicaAction action() {
        return ReplicaAction.END_DRILL;
    }

    @Override
    public Component create(ReplicaRow replica) {
        // straight to this replica's drill, whose report offers the end: not the drills list, to search for it there
        Button open = new Button("End test failover…", e -> e.getSource().getUI().ifPresent(ui -> drillOf(replica).ifPresentOrElse(
                DrillLauncher::showDrill, () -> ui.navigate(DrillsView.class))));
        open.setId("end-drill-replica");
        return open;
    }
}
