package io.lifeboat.ui;

import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.server.AppShellSettings;
import com.vaadin.flow.theme.Theme;

/** Server push keeps progress and states live without the user reloading. */
@Push
@Theme("lifeboat")
public class AppShell implements AppShellConfigurator {

    /**
     * A life ring, drawn inline so the tab has an icon: without one every browser asks for /favicon.ico, which a user
     * saw as a 404 in the console of the very first page.
     */
    private static final String FAVICON = "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'>"
            + "<circle cx='16' cy='16' r='11' fill='none' stroke='%23d9472b' stroke-width='7'/>"
            + "<circle cx='16' cy='16' r='11' fill='none' stroke='%23ffffff' stroke-width='7' stroke-dasharray='5 12.28'/></svg>";

    @Override
    public void configurePage(AppShellSettings settings) {
        settings.addFavIcon("icon", FAVICON, "any");
    }
}
