package io.lifeboat.drill.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import io.lifeboat.replica.ReplicaAction;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ui.ReplicaActionUi;
import io.lifeboat.replica.ui.TestFailoverLauncher;
import java.util.Set;

/** Opens the test failover wizard from a Ready replica's page, with that replica chosen, as the list's button does. */
@org.springframework.stereotype.Component
public class TestFailoverAction implements ReplicaActionUi {

    private final TestFailoverLauncher wizard;

    public TestFailoverAction(TestFailoverLauncher wizard) {
        this.wizard = wizard;
    }

    @Override
    public ReplicaAction action() {
        return ReplicaAction.TEST_FAILOVER;
    }

    @Override
    public Component create(ReplicaRow replica) {
        Button open = new Button("Test failover…", click -> wizard.open(Set.of(replica), () -> { }));
        open.setId("test-failover-replica");
        return open;
    }
}
