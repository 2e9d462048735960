package io.lifeboat.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import io.lifeboat.tenancy.NoAccessReason;

/**
 * Where an OIDC login that proves who the user is, but grants no access (no tenant, unknown tenant, no role), ends:
 * a plain explanation and a way to log in with another account, never an error trace. Open to anonymous users,
 * because such a user has no portal session. The reason comes as a code in the URL; unknown codes get a generic text.
 */
@Route("no-access")
@PageTitle("No access · Lifeboat")
@AnonymousAllowed
public class NoAccessView extends VerticalLayout implements BeforeEnterObserver {

    /** Starts a fresh OIDC login that asks Keycloak to show its login form again ({@code prompt=login}). */
    static final String LOG_IN_AGAIN = "oauth2/authorization/keycloak?prompt=login";

    private final Paragraph reason = new Paragraph();

    public NoAccessView() {
        setSizeFull();
        setAlignItems(FlexComponent.Alignment.CENTER);
        setJustifyContentMode(FlexComponent.JustifyContentMode.CENTER);
        H1 brand = new H1("Lifeboat");
        brand.addClassName("lb-brand");
        H2 title = new H2("No access to Lifeboat");
        title.setId("no-access-title");
        reason.setId("no-access-reason");
        Anchor again = new Anchor(LOG_IN_AGAIN, "Log in with another account");
        again.setRouterIgnore(true);
        again.setId("log-in-again");
        add(brand, title, reason, new Paragraph("If you think you should have access, ask your organisation's administrator "
                + "or your service provider to add your account to your organisation in the identity provider."), again);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        String code = event.getLocation().getQueryParameters().getSingleParameter("reason").orElse("");
        reason.setText(NoAccessReason.ofCode(code).map(NoAccessReason::explanation)
                .orElse("Your account has no access to this portal."));
    }
}
