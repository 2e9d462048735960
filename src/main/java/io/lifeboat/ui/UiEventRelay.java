package io.lifeboat.ui;

import io.lifeboat.replica.ReplicaStateChanged;
import io.lifeboat.tasks.TaskChanged;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/** Relays domain events, once committed, to the browsers that show them. */
@Component
class UiEventRelay {

    private final UiBroadcaster broadcaster;

    UiEventRelay(UiBroadcaster broadcaster) {
        this.broadcaster = broadcaster;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(TaskChanged event) {
        broadcaster.changed(event.tenantId());
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(ReplicaStateChanged event) {
        broadcaster.changed(event.tenantId());
    }
}
