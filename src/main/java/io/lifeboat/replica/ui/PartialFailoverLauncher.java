package io.lifeboat.replica.ui;

import io.lifeboat.replica.ReplicaRow;
import java.util.Set;

/** Opens the partial failover wizard (the failover room's) for the replicas picked in the list. */
public interface PartialFailoverLauncher {

    /** Opens the wizard with {@code preselected} ticked; {@code onClose} runs when it closes. */
    void open(Set<ReplicaRow> preselected, Runnable onClose);
}
