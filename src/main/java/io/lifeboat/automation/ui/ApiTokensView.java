package io.lifeboat.automation.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.lifeboat.automation.ApiTokenScope;
import io.lifeboat.automation.ApiTokenService;
import io.lifeboat.automation.ApiTokenInfo;
import io.lifeboat.automation.CreatedApiToken;
import io.lifeboat.tenancy.CurrentTenant;
import io.lifeboat.tenancy.TenantContext;
import io.lifeboat.ui.Confirm;
import io.lifeboat.ui.Formats;
import io.lifeboat.ui.MainLayout;
import jakarta.annotation.security.PermitAll;
import java.time.Duration;

/**
 * The user's personal API tokens: create one (name, scope, validity) and see its secret this once, see when each was
 * last used, revoke one after a confirmation.
 */
@Route(value = "api-tokens", layout = MainLayout.class)
@PageTitle("API tokens · Lifeboat")
@PermitAll
public class ApiTokensView extends VerticalLayout {


    private final ApiTokenService tokens;
    private final Grid<ApiTokenInfo> grid = new Grid<>();
    private final TextArea shownOnce = new TextArea("Your new token (copy it now: it is not shown again)");

    private final boolean readOnly;

    public ApiTokensView(ApiTokenService tokens, CurrentTenant currentTenant) {
        this.tokens = tokens;
        TenantContext context = currentTenant.get();
        this.readOnly = !context.isProvider() && !context.canOperate();
        addClassName("lb-page");
        setSizeFull();
        add(new H2("API tokens"), new Paragraph("A token lets a script use the REST API (/api/v1, described at /api/v1/docs) as you: "
                + "Authorization: Bearer <token>. Read tokens can only look; operate tokens may also start operations, within your role."));
        tokens.signInCondition().ifPresent(condition -> {
            Paragraph note = new Paragraph(condition);
            note.setId("token-sign-in-condition");
            add(note);
        });
        shownOnce.setId("new-token");
        shownOnce.setReadOnly(true);
        shownOnce.setWidthFull();
        shownOnce.setVisible(false);
        add(createForm(), shownOnce);
        configureGrid();
        add(grid);
        refresh();
    }

    private HorizontalLayout createForm() {
        TextField name = new TextField("Name");
        name.setId("token-name");
        name.setPlaceholder("e.g. monitoring failover script");
        RadioButtonGroup<ApiTokenScope> scope = new RadioButtonGroup<>("Scope");
        scope.setItems(ApiTokenScope.values());
        scope.setItemLabelGenerator(ApiTokenScope::label);
        scope.setValue(ApiTokenScope.READ);
        scope.setId("token-scope");
        if (readOnly) {
            scope.setItemEnabledProvider(choice -> choice == ApiTokenScope.READ);
            scope.setHelperText("Your role may look but not change anything, so your tokens can only read.");
        }
        Select<Integer> days = new Select<>();
        days.setLabel("Valid for");
        days.setItems(7, 30, 90, 365);
        days.setItemLabelGenerator(d -> d + " days");
        days.setValue(90);
        days.setId("token-validity");
        Button create = new Button("Create token", click -> {
            CreatedApiToken created = tokens.create(name.getValue(), scope.getValue(), Duration.ofDays(days.getValue()));
            shownOnce.setValue(created.token());
            shownOnce.setVisible(true);
            name.clear();
            refresh();
        });
        create.setId("create-token");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout form = new HorizontalLayout(name, scope, days, create);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);
        form.addClassName("lb-wrap");
        return form;
    }

    private void configureGrid() {
        grid.setId("token-grid");
        grid.setEmptyStateText("No API tokens yet: create one above for each script.");
        grid.addColumn(ApiTokenInfo::name).setHeader("Name").setFlexGrow(1);   // a long name wraps: sized to it, it pushed the grid off a phone
        var token = grid.addColumn(t -> t.prefix() + "…").setHeader("Token").setAutoWidth(true);
        var scope = grid.addColumn(t -> t.scope().label()).setHeader("Scope");
        grid.addColumn(ApiTokenInfo::status).setHeader("Status");
        var created = grid.addColumn(t -> Formats.minute(t.createdAt())).setHeader("Created");
        var expires = grid.addColumn(t -> Formats.minute(t.expiresAt())).setHeader("Expires");
        var lastUsed = grid.addColumn(ApiTokensView::lastUsed).setHeader("Last used");
        grid.setItemDetailsRenderer(new com.vaadin.flow.data.renderer.ComponentRenderer<>(t -> new com.vaadin.flow.component.html.Span(
                t.prefix() + "… · " + t.scope().label() + " · created " + Formats.minute(t.createdAt()) + " · expires " + Formats.minute(t.expiresAt()) + " · last used "
                        + lastUsed(t))));
        io.lifeboat.ui.ScreenWidth.hideWhenNarrow(grid, token, scope, created, expires, lastUsed);
        grid.addComponentColumn(this::revokeButton).setHeader("").setAutoWidth(true).setFlexGrow(0);
        grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);   // a time wraps after its date rather than being cut to "2026-12-…"
    }

    private Button revokeButton(ApiTokenInfo token) {
        Button revoke = new Button("Revoke…", click -> {
            Confirm.destructive("confirm-revoke-token", "Revoke " + token.name() + "?",
                    "Scripts using this token are refused from now on. This cannot be undone.", "Revoke", () -> {
                        tokens.revoke(token.id());
                        refresh();
                    });
        });
        revoke.setId("revoke-" + token.id());
        revoke.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        revoke.setEnabled("Active".equals(token.status()));
        return revoke;
    }

    private void refresh() {
        grid.setItems(tokens.mine());
    }

    private static String lastUsed(ApiTokenInfo token) {
        return token.lastUsedAt() == null ? "never" : Formats.minute(token.lastUsedAt());
    }
}
