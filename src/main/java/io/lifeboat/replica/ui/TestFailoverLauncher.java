package io.lifeboat.replica.ui;

import io.lifeboat.replica.ReplicaRow;
import java.util.Set;

/** Opens the test failover (drill) wizard, the drill room's, for the replicas picked in the list. */
public interface TestFailoverLauncher {

    /** Opens the wizard with {@code preselected} ticked; {@code onClose} runs when it closes. */
    void open(Set<ReplicaRow> preselected, Runnable onClose);
}
