package io.lifeboat.ui;

import java.util.List;

/**
 * What runs right now for the user asking, for the banner on every page. Contributed by the room that owns the tasks,
 * so the shell needs to know no feature. Implementations scope by the current tenant (the provider sees every tenant).
 */
public interface RunningOperations {

    List<RunningOperation> running();

    /** One operation: its title, progress in percent, and the page that shows it (a path relative to the portal). */
    record RunningOperation(String title, int percent, String link) {
    }
}
