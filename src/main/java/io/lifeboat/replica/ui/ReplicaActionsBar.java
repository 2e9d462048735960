package io.lifeboat.replica.ui;

import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import io.lifeboat.replica.ReplicaAction;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ReplicaStateMachine;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/** The controls of exactly the actions {@link ReplicaStateMachine#actions} allows for a replica; none for a viewer. */
public class ReplicaActionsBar extends HorizontalLayout {

    public ReplicaActionsBar(ReplicaRow replica, boolean canOperate, Collection<ReplicaActionUi> controls) {
        setId("replica-actions");
        addClassName("lb-wrap");
        if (!canOperate) {
            return;
        }
        Map<ReplicaAction, ReplicaActionUi> byAction = new EnumMap<>(ReplicaAction.class);
        controls.forEach(control -> byAction.put(control.action(), control));
        for (ReplicaAction action : ReplicaStateMachine.actions(replica.state(), replica.failedOperation(), replica.inConflict(),
                replica.startedAtProvider())) {
            ReplicaActionUi control = byAction.get(action);
            if (control == null) {
                throw new IllegalStateException("No control for " + action + " is installed");
            }
            add(control.create(replica));
        }
    }
}
