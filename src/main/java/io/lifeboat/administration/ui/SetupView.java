package io.lifeboat.administration.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinService;
import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.server.VaadinServletResponse;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import io.lifeboat.security.SessionLogin;
import io.lifeboat.tenancy.FirstRunService;

/** The one-time setup link: creates the first provider administrator and logs them in. Anonymous: the token is the key. */
@Route("setup/:token")
@PageTitle("Set up Lifeboat")
@AnonymousAllowed
public class SetupView extends VerticalLayout implements BeforeEnterObserver {

    private final FirstRunService firstRun;
    private final SessionLogin sessionLogin;
    private final TextField username = new TextField("Administrator's user name");
    private final NewPasswordFields password = new NewPasswordFields("Password", "setup-password");
    private String token;

    public SetupView(FirstRunService firstRun, SessionLogin sessionLogin) {
        this.firstRun = firstRun;
        this.sessionLogin = sessionLogin;
        setAlignItems(FlexComponent.Alignment.CENTER);
        addClassName("lb-page");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        token = event.getRouteParameters().get("token").orElse("");
        removeAll();
        H1 title = new H1("Set up Lifeboat");
        if (!firstRun.setupTokenValid(token)) {
            Paragraph used = new Paragraph("This setup link has been used already or is not valid. Log in instead; if nobody can,"
                    + " restart the portal without any provider administrator for a new link.");
            used.setId("setup-link-invalid");
            add(title, used);
            return;
        }
        username.setId("setup-username");
        Button create = new Button("Create administrator and log in", click -> create());
        create.setId("setup-create");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add(title, new Paragraph("Create the provider's first administrator. This link works once."), username, password.password, password.repeat, create);
    }

    private void create() {
        if (!password.typedTwiceTheSame()) {
            return;
        }
        FieldErrors errors = new FieldErrors().bind("username", username).bind("password", password.password);
        errors.attemptAndGet(() -> firstRun.createFirstAdministrator(token, username.getValue(), password.value())).ifPresent(created -> {
            // a new session id: the anonymous session that opened the link must not become the administrator's
            VaadinService.reinitializeSession(VaadinService.getCurrentRequest());
            sessionLogin.logIn(created, VaadinServletRequest.getCurrent().getHttpServletRequest(),
                    VaadinServletResponse.getCurrent().getHttpServletResponse());
            getUI().ifPresent(ui -> ui.getPage().setLocation("provider"));
        });
    }
}
