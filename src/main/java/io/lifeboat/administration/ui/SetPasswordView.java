package io.lifeboat.administration.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import io.lifeboat.tenancy.UserAdministrationService;

/** A one-time link for a new account or a password reset: the user chooses their password, then logs in. */
@Route("password/:token")
@PageTitle("Choose your password · Lifeboat")
@AnonymousAllowed
public class SetPasswordView extends VerticalLayout implements BeforeEnterObserver {

    private final UserAdministrationService users;
    private final NewPasswordFields password = new NewPasswordFields("New password", "new-password");
    private String token;

    public SetPasswordView(UserAdministrationService users) {
        this.users = users;
        setAlignItems(FlexComponent.Alignment.CENTER);
        addClassName("lb-page");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        token = event.getRouteParameters().get("token").orElse("");
        removeAll();
        H1 title = new H1("Choose your password");
        var owner = users.passwordLinkOwner(token);
        if (owner.isEmpty()) {
            Paragraph invalid = new Paragraph("This link has been used already, has expired or is not valid. Ask your administrator for a new one.");
            invalid.setId("password-link-invalid");
            add(title, invalid);
            return;
        }
        Paragraph who = new Paragraph("For the account " + owner.get() + ".");
        who.setId("password-link-user");
        Button save = new Button("Set password", click -> save());
        save.setId("set-password");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add(title, who, password.password, password.repeat, save);
    }

    private void save() {
        if (!password.typedTwiceTheSame()) {
            return;
        }
        if (new FieldErrors().bind("password", password.password).attempt(() -> users.setPasswordWithLink(token, password.value()))) {
            getUI().ifPresent(ui -> ui.navigate("login"));
            FieldErrors.success("Password set. Log in with it now.");
        }
    }
}
