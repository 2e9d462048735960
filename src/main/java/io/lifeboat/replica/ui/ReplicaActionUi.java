package io.lifeboat.replica.ui;

import com.vaadin.flow.component.Component;
import io.lifeboat.replica.ReplicaAction;
import io.lifeboat.replica.ReplicaRow;

/**
 * The control that performs one {@link ReplicaAction} on a replica, contributed as a bean by the room that owns the
 * action (failover, failback; retry is the replica room's own). The replica page asks the state machine which actions
 * a replica allows and shows exactly their controls, so it needs to know neither the rooms nor the rules.
 */
public interface ReplicaActionUi {

    ReplicaAction action();

    /** A button for {@code replica} with a stable id; it asks for confirmation first where the action loses something. */
    Component create(ReplicaRow replica);
}
