package io.lifeboat.failover.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import io.lifeboat.failover.FailoverService;
import io.lifeboat.replica.ReplicaAction;
import io.lifeboat.replica.ReplicaOverviewService;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ui.PartialFailoverLauncher;
import io.lifeboat.replica.ui.ReplicaActionUi;
import io.lifeboat.tenancy.CurrentTenant;
import io.lifeboat.ui.UiBackground;
import io.lifeboat.ui.UiBroadcaster;
import java.util.Set;

/** Opens the partial failover wizard: from the replica list with the ticked replicas, or from a Ready replica's page. */
@org.springframework.stereotype.Component
public class FailoverWizardLauncher implements PartialFailoverLauncher, ReplicaActionUi {

    private final ReplicaOverviewService overview;
    private final FailoverService failover;
    private final UiBroadcaster broadcaster;
    private final UiBackground background;
    private final CurrentTenant currentTenant;

    public FailoverWizardLauncher(ReplicaOverviewService overview, FailoverService failover, UiBroadcaster broadcaster, UiBackground background,
                                  CurrentTenant currentTenant) {
        this.overview = overview;
        this.failover = failover;
        this.broadcaster = broadcaster;
        this.background = background;
        this.currentTenant = currentTenant;
    }

    @Override
    public void open(Set<ReplicaRow> preselected, Runnable onClose) {
        new FailoverWizard(overview, failover, broadcaster, background, currentTenant.get().tenantId(), preselected, onClose).open();
    }

    @Override
    public ReplicaAction action() {
        return ReplicaAction.FAILOVER;
    }

    @Override
    public Component create(ReplicaRow replica) {
        Button start = new Button("Partial failover…", e -> open(Set.of(replica), () -> { }));
        start.setId("failover-replica");
        start.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        return start;
    }
}
