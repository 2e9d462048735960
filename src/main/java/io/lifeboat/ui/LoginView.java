package io.lifeboat.ui;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import io.lifeboat.shared.DatabaseOutage;

@Route("login")
@PageTitle("Log in · Lifeboat")
@AnonymousAllowed
public class LoginView extends VerticalLayout implements BeforeEnterObserver {

    /** Query parameter with the seconds a throttled login must wait (set by the security module's failure handler). */
    public static final String THROTTLED = "throttled";
    /** Query parameter: the password could not be checked, the database is unreachable. */
    public static final String UNAVAILABLE = "unavailable";

    private final LoginForm login = new LoginForm();

    public LoginView() {
        setSizeFull();
        setAlignItems(FlexComponent.Alignment.CENTER);
        setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);
        LoginI18n i18n = LoginI18n.createDefault();
        i18n.getForm().setTitle("Log in to Lifeboat");
        i18n.getErrorMessage().setTitle("Wrong username or password");
        i18n.getErrorMessage().setMessage("Check them and try again. Tenant users log in with their organisation's account.");
        login.setI18n(i18n);
        login.setAction("login");
        login.setForgotPasswordButtonVisible(false);
        login.setId("login-form");
        H1 brand = new H1("Lifeboat");
        brand.addClassName("lb-brand");
        add(brand, new Paragraph("Self-service partial failover"), login);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        var parameters = event.getLocation().getQueryParameters();
        var throttled = parameters.getSingleParameter(THROTTLED);
        if (throttled.isPresent()) {
            LoginI18n i18n = LoginI18n.createDefault();
            i18n.getForm().setTitle("Log in to Lifeboat");
            i18n.getErrorMessage().setTitle("Too many failed logins");
            i18n.getErrorMessage().setMessage("For your protection, logins for this account or from your address are paused. Wait "
                    + seconds(throttled.get()) + " seconds, then try again with the right password.");
            login.setI18n(i18n);
        }
        boolean unavailable = parameters.getParameters().containsKey(UNAVAILABLE);
        if (unavailable) {
            LoginI18n i18n = LoginI18n.createDefault();
            i18n.getForm().setTitle("Log in to Lifeboat");
            i18n.getErrorMessage().setTitle("Cannot log in right now");
            i18n.getErrorMessage().setMessage(DatabaseOutage.MESSAGE);
            login.setI18n(i18n);
        }
        login.setError(throttled.isPresent() || unavailable || parameters.getParameters().containsKey("error"));
    }

    private static String seconds(String value) {
        return value.matches("\\d{1,6}") ? value : "a few";
    }
}
