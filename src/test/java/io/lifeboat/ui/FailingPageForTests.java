package io.lifeboat.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;

/** Test-only page whose opening always fails, as a bug in a real page would. Exists in test classes only. */
@Route(FailingPageForTests.PATH)
@AnonymousAllowed
public class FailingPageForTests extends Div implements BeforeEnterObserver {

    public static final String PATH = "test-only/failing-page";

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        throw new IllegalStateException("a page that fails on purpose (test)");
    }
}
