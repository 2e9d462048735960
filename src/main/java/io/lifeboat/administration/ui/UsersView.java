package io.lifeboat.administration.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.lifeboat.tenancy.CurrentTenant;
import io.lifeboat.tenancy.NewUser;
import io.lifeboat.tenancy.Role;
import io.lifeboat.tenancy.UserAdministrationService;
import io.lifeboat.tenancy.UserRow;
import io.lifeboat.ui.Confirm;
import io.lifeboat.ui.Formats;
import io.lifeboat.ui.MainLayout;
import jakarta.annotation.security.RolesAllowed;
import java.util.Arrays;
import java.util.List;

/**
 * Local accounts: the provider sees and manages every account; a tenant operator those of their own tenant. The service
 * decides what each caller may see and do; this view only hides what would be refused anyway.
 */
@Route(value = "users", layout = MainLayout.class)
@PageTitle("Users · Lifeboat")
@RolesAllowed({"PROVIDER_ADMIN", "TENANT_OPERATOR"})
public class UsersView extends VerticalLayout {

    private final UserAdministrationService users;
    private final Grid<UserRow> grid = new Grid<>();
    private final String me;
    private final TextField username = new TextField("User name");
    private final ComboBox<Role> role = new ComboBox<>("Role");
    private final ComboBox<String> tenant = new ComboBox<>("Tenant");
    private final TextField link = new TextField("One-time link to send to the user");

    public UsersView(UserAdministrationService users, CurrentTenant currentTenant) {
        this.users = users;
        this.me = currentTenant.get().username();
        addClassName("lb-page");
        boolean provider = currentTenant.get().isProvider();
        grid.setId("user-grid");
        grid.addColumn(UserRow::username).setHeader("User").setAutoWidth(true);
        var tenantColumn = grid.addColumn(UsersView::tenantOf).setHeader("Tenant").setAutoWidth(true);
        var roleColumn = grid.addColumn(u -> u.role().label()).setHeader("Role").setAutoWidth(true);
        var status = grid.addColumn(UsersView::status).setHeader("Status").setAutoWidth(true);
        var lastLogin = grid.addColumn(UsersView::lastLogin).setHeader("Last login").setAutoWidth(true);
        grid.setItemDetailsRenderer(new com.vaadin.flow.data.renderer.ComponentRenderer<>(u -> new com.vaadin.flow.component.html.Span(
                tenantOf(u) + " · " + u.role().label() + " · " + status(u) + " · last login " + lastLogin(u))));
        io.lifeboat.ui.ScreenWidth.hideWhenNarrow(grid, tenantColumn, roleColumn, status, lastLogin);
        grid.addComponentColumn(this::actions).setHeader("").setAutoWidth(true);
        grid.setAllRowsVisible(true);

        username.setId("new-username");
        role.setId("new-role");
        role.setItems(provider ? Arrays.asList(Role.values()) : List.of(Role.TENANT_OPERATOR, Role.TENANT_VIEWER));
        role.setItemLabelGenerator(Role::label);
        tenant.setId("new-tenant");
        tenant.setItems(provider ? users.tenantNames() : List.of());
        tenant.setVisible(provider);
        Button create = new Button("Create account", click -> create());
        create.setId("create-user");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        link.setId("one-time-link");
        link.setReadOnly(true);
        link.setWidthFull();
        link.setVisible(false);
        HorizontalLayout form = new HorizontalLayout(username, role, tenant, create);
        form.setWrap(true);
        form.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        add(new H2("Users"), grid, form, link);
        refresh();
    }

    private HorizontalLayout actions(UserRow user) {
        Button reset = new Button("Reset password", click -> showLink(users.resetPassword(user.username())));
        reset.setId("reset-" + user.username());
        reset.setVisible(user.enabled());   // refused for a disabled account: enable it first
        Button toggle = user.enabled()
                ? new Button("Disable…", click -> Confirm.destructive("confirm-disable-user", "Disable " + user.username() + "?",
                        "Their session ends at once, and they cannot log in nor use their API tokens until the account is enabled"
                                + " again. An unused set-password link stops working.", "Disable", () -> setEnabled(user, false)))
                : new Button("Enable", click -> setEnabled(user, true));
        toggle.setId((user.enabled() ? "disable-" : "enable-") + user.username());
        toggle.setVisible(!user.enabled() || !user.username().equals(me));   // nobody disables their own account
        for (Button button : List.of(reset, toggle)) {
            button.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        }
        HorizontalLayout buttons = new HorizontalLayout(reset, toggle);
        buttons.setWrap(true);
        return buttons;
    }

    private void setEnabled(UserRow user, boolean enabled) {
        if (new FieldErrors().attempt(() -> users.setEnabled(user.username(), enabled))) {
            refresh();
        }
    }

    private void create() {
        FieldErrors errors = new FieldErrors().bind("username", username).bind("role", role).bind("tenant", tenant);
        errors.attemptAndGet(() -> users.createUser(new NewUser(username.getValue(), role.getValue(), tenant.getValue()))).ifPresent(token -> {
            username.clear();
            showLink(token);
            refresh();
        });
    }

    private void showLink(String token) {
        getUI().ifPresent(ui -> ui.getPage().fetchCurrentURL(url -> link.setValue(url.getProtocol() + "://" + url.getAuthority() + "/password/" + token)));
        link.setHelperText("Valid " + UserAdministrationService.LINK_VALIDITY.toDays() + " days, once. Send it over a channel you trust.");
        link.setVisible(true);
    }

    private void refresh() {
        grid.setItems(users.users());
    }

    private static String tenantOf(UserRow user) {
        return user.tenantName() == null ? "provider" : user.tenantName();
    }

    private static String status(UserRow user) {
        return !user.enabled() ? "disabled" : user.passwordSet() ? "active" : "link not used yet";
    }

    private static String lastLogin(UserRow user) {
        return user.lastLoginAt() == null ? "never" : Formats.time(user.lastLoginAt());
    }
}
