package io.lifeboat.ui;

import io.lifeboat.shared.TenantDataChanged;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/** Relays the features' change events, once committed, to the browsers that show the tenant's data. */
@Component
class UiEventRelay {

    private final UiBroadcaster broadcaster;

    UiEventRelay(UiBroadcaster broadcaster) {
        this.broadcaster = broadcaster;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(TenantDataChanged event) {
        broadcaster.changed(event.tenantId());
    }
}
