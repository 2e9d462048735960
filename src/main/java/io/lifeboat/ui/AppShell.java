package io.lifeboat.ui;

import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.theme.Theme;

/** Server push keeps progress and states live without the user reloading. */
@Push
@Theme("lifeboat")
public class AppShell implements AppShellConfigurator {
}
