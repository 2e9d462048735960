/**
 * The application shell: app shell settings (theme, push), main layout and navigation, login view, the global error
 * handler and the broadcaster that pushes server events to open browsers. Feature views live in each feature's
 * {@code ui} package and reach the shell, never the other way round (navigation uses route paths).
 */
package io.lifeboat.ui;
