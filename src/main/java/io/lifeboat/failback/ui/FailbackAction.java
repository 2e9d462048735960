package io.lifeboat.failback.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import io.lifeboat.failback.FailbackService;
import io.lifeboat.replica.ReplicaAction;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ui.ReplicaActionUi;

/** Failback to production: the dialog asks for the target (original or new VM) before anything starts. */
@org.springframework.stereotype.Component
public class FailbackAction implements ReplicaActionUi {

    private final FailbackService failback;

    public FailbackAction(FailbackService failback) {
        this.failback = failback;
    }

    @Override
    public ReplicaAction action() {
        return ReplicaAction.FAILBACK;
    }

    @Override
    public Component create(ReplicaRow replica) {
        Button toProduction = new Button("Failback to production…", e -> new FailbackDialog(replica, failback).open());
        toProduction.setId("failback");
        toProduction.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        return toProduction;
    }
}
