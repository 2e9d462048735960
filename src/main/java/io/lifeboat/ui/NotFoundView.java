package io.lifeboat.ui;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import jakarta.servlet.http.HttpServletResponse;

/** An address the portal does not have: status 404 and a way back, never Vaadin's "Could not navigate" with a 200. */
@PageTitle("Not found · Lifeboat")
@AnonymousAllowed
public class NotFoundView extends VerticalLayout implements HasErrorParameter<NotFoundException> {

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<NotFoundException> parameter) {
        removeAll();
        H2 title = new H2("Page not found");
        title.setId("not-found");
        add(title, new Paragraph("There is no page at /" + event.getLocation().getPath() + "."), InternalErrorView.backToStart());
        return HttpServletResponse.SC_NOT_FOUND;
    }
}
