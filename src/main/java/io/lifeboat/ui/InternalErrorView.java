package io.lifeboat.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import io.lifeboat.shared.DatabaseOutage;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a page shows when opening it failed unexpectedly: the reference to quote and a way back, with status 500.
 * Outside the app layout on purpose: the layout itself may be what failed.
 */
@PageTitle("Error · Lifeboat")
@AnonymousAllowed
public class InternalErrorView extends VerticalLayout implements HasErrorParameter<Exception> {

    private static final Logger log = LoggerFactory.getLogger(InternalErrorView.class);

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<Exception> parameter) {
        removeAll();
        H2 title = new H2("This page could not be shown");
        if (DatabaseOutage.isCauseOf(parameter.getCaughtException())) {
            log.warn("Opening /{} failed, the database is unreachable: {}", event.getLocation().getPath(), parameter.getCaughtException().getMessage());
            Paragraph text = new Paragraph(DatabaseOutage.MESSAGE);
            text.setId("error-database");
            add(title, text, backToStart());
            return HttpServletResponse.SC_SERVICE_UNAVAILABLE;
        }
        String reference = ErrorReference.logged(log, "Opening /" + event.getLocation().getPath() + " failed", parameter.getCaughtException());
        Paragraph text = new Paragraph(ErrorReference.message(reference));
        text.setId("error-reference");
        add(title, text, backToStart());
        return HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
    }

    static Anchor backToStart() {
        Anchor back = new Anchor("/", "Back to the start page");
        back.setId("back-to-start");
        back.setRouterIgnore(true); // a full page load: whatever broke in this UI does not come along
        return back;
    }
}
