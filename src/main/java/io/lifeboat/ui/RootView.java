package io.lifeboat.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Route;
import io.lifeboat.tenancy.CurrentTenant;
import jakarta.annotation.security.PermitAll;

/** Sends each user to their start page: the provider to the dashboard, tenant users to their replicas. */
@Route("")
@PermitAll
public class RootView extends Div implements BeforeEnterObserver {

    private final CurrentTenant currentTenant;

    public RootView(CurrentTenant currentTenant) {
        this.currentTenant = currentTenant;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        event.forwardTo(currentTenant.get().isProvider() ? "provider" : "replicas");
    }
}
