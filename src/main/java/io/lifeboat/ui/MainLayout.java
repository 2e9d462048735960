package io.lifeboat.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.HasElement;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.shared.Registration;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.lifeboat.tenancy.CurrentTenant;
import io.lifeboat.tenancy.TenantContext;
import java.util.List;

/**
 * The shell: brand, who is logged in, navigation by role, logout, and above every page a banner while an operation
 * runs. The header stays one line on a phone (the navigation is in the drawer, the user line is cut with an ellipsis).
 */
public class MainLayout extends AppLayout {

    private final TenantContext context;
    private final UiBroadcaster broadcaster;
    private final RunningOperationsBanner banner;
    private final Div page = new Div();
    private Registration liveUpdates;

    public MainLayout(CurrentTenant currentTenant, AuthenticationContext authentication, UiBroadcaster broadcaster,
                      List<RunningOperations> runningOperations) {
        this.context = currentTenant.get();
        this.broadcaster = broadcaster;
        this.banner = new RunningOperationsBanner(runningOperations);
        setPrimarySection(Section.DRAWER);
        Span brand = new Span("Lifeboat");
        brand.addClassName("lb-brand");
        Span who = new Span(context.username() + (context.isProvider() ? " · provider" : " · " + context.tenantName())
                + " · " + context.role().label());
        who.setId("current-user");
        who.addClassName("lb-who");
        Button logout = new Button("Log out", click -> authentication.logout());
        logout.setId("logout");
        logout.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        DrawerToggle toggle = new DrawerToggle();
        toggle.setAriaLabel("Menu");
        Div header = new Div(toggle, brand, who, logout);
        header.addClassName("lb-header");
        addToNavbar(header);

        SideNav nav = new SideNav();
        nav.setLabel("Navigation");
        if (context.isProvider()) {
            nav.addItem(new SideNavItem("Dashboard", "provider"));
            nav.addItem(new SideNavItem("All tasks", "tasks"));
            nav.addItem(new SideNavItem("Sites", "admin/sites"));
            nav.addItem(new SideNavItem("Tenants", "admin/tenants"));
            nav.addItem(new SideNavItem("Cloud Gateways", "admin/gateways"));
            nav.addItem(new SideNavItem("Users", "users"));
        } else {
            nav.addItem(new SideNavItem("Replicas", "replicas"));
            nav.addItem(new SideNavItem("Tasks", "tasks"));
            if (context.canOperate()) {
                nav.addItem(new SideNavItem("Users", "users"));
            }
        }
        nav.addItem(new SideNavItem("Test failovers", "drills"));
        nav.addItem(new SideNavItem("Webhooks", "webhooks"));
        nav.addItem(new SideNavItem("Audit log", "audit"));
        nav.addItem(new SideNavItem("API tokens", "api-tokens"));
        addToDrawer(nav);
        page.addClassName("lb-content");
        setContent(page);
    }

    /** The banner sits above whatever page the router shows, so every page has it. */
    @Override
    public void showRouterLayoutContent(HasElement content) {
        page.removeAll();
        page.getElement().appendChild(banner.getElement(), content.getElement());
    }

    @Override
    public void removeRouterLayoutContent(HasElement oldContent) {
        page.removeAll();
    }

    @Override
    protected void onAttach(AttachEvent event) {
        liveUpdates = broadcaster.register(event.getUI(), context.isProvider() ? null : context.tenantId(), banner::refresh);
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (liveUpdates != null) {
            liveUpdates.remove();
        }
    }
}
