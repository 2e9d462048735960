package io.lifeboat.ui;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.lifeboat.tenancy.CurrentTenant;
import io.lifeboat.tenancy.TenantContext;

/** The shell: brand, who is logged in, navigation by role, logout. Feature views render inside it. */
public class MainLayout extends AppLayout {

    public MainLayout(CurrentTenant currentTenant, AuthenticationContext authentication) {
        TenantContext context = currentTenant.get();
        Span brand = new Span("Lifeboat");
        brand.addClassName("lb-brand");
        Span who = new Span(context.username() + (context.isProvider() ? " · provider" : " · " + context.tenantName())
                + " · " + context.role().name().replace('_', ' ').toLowerCase());
        who.setId("current-user");
        Button logout = new Button("Log out", click -> authentication.logout());
        logout.setId("logout");
        logout.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        HorizontalLayout header = new HorizontalLayout(new DrawerToggle(), brand, who, logout);
        header.setWidthFull();
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        header.expand(who);
        header.getStyle().set("padding-right", "var(--lumo-space-m)");
        addToNavbar(header);

        SideNav nav = new SideNav();
        if (context.isProvider()) {
            nav.addItem(new SideNavItem("Dashboard", "provider"));
            nav.addItem(new SideNavItem("All tasks", "tasks"));
            nav.addItem(new SideNavItem("Sites", "admin/sites"));
            nav.addItem(new SideNavItem("Tenants", "admin/tenants"));
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
    }
}
