package io.lifeboat.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.shared.Registration;
import java.util.function.Consumer;

/**
 * Tells a component whether the browser window is narrow (a phone, a portrait tablet), now and whenever the window is resized, so grids can
 * drop columns a phone has no room for (Vaadin's grid has no CSS breakpoints for its columns).
 */
public final class ScreenWidth {

    /** Below this width (CSS pixels) a window is too narrow for a grid's secondary columns: phones and portrait tablets. */
    public static final int NARROW = 900;

    private static final String HIDING_TIERS = "lb-hiding-tiers";

    private ScreenWidth() {
    }

    /**
     * On a phone, hides {@code columns} of {@code grid} and opens a row's details (which the caller renders with the
     * hidden columns' values) when the row is tapped; on a wider screen shows the columns and keeps details closed.
     */
    public static void hideWhenNarrow(Grid<?> grid, Grid.Column<?>... columns) {
        hideBelow(NARROW, grid, columns);
    }

    /** As {@link #hideWhenNarrow}, for a grid whose columns need more than {@link #NARROW} pixels: below {@code width}. */
    public static void hideBelow(int width, Grid<?> grid, Grid.Column<?>... columns) {
        boolean[] hiding = new boolean[1];
        onChange(grid, width, narrow -> {
            for (Grid.Column<?> column : columns) {
                column.setVisible(!narrow);
            }
            if (narrow != hiding[0]) {   // every resize event comes here: only a change of what is shown is measured again
                grid.recalculateColumnWidths();   // columns sized to their values were measured while hidden, to nothing
            }
            // A grid may hide columns at several widths: a row opens its details while any of them hides something.
            int hidingTiers = hidingTiers(grid) + (narrow == hiding[0] ? 0 : narrow ? 1 : -1);
            hiding[0] = narrow;
            ComponentUtil.setData(grid, HIDING_TIERS, hidingTiers);
            grid.setDetailsVisibleOnClick(hidingTiers > 0);
        });
    }

    /** Gives {@code column} {@code wide} where there is room and {@code narrow} on a phone, following resizes. */
    public static void widthByScreen(Grid<?> grid, Grid.Column<?> column, String narrow, String wide) {
        column.setWidth(wide);
        onChange(grid, isNarrow -> column.setWidth(isNarrow ? narrow : wide));
    }

    private static int hidingTiers(Grid<?> grid) {
        Object tiers = ComponentUtil.getData(grid, HIDING_TIERS);
        return tiers == null ? 0 : (Integer) tiers;
    }

    /** Calls {@code narrow} with the window's current narrowness while {@code component} is attached, and on each resize. */
    public static void onChange(Component component, Consumer<Boolean> narrow) {
        onChange(component, NARROW, narrow);
    }

    private static void onChange(Component component, int breakpoint, Consumer<Boolean> narrow) {
        Registration[] resize = new Registration[1];
        component.addAttachListener(attach -> {
            var page = attach.getUI().getPage();
            page.retrieveExtendedClientDetails(details -> narrow.accept(details.getWindowInnerWidth() < breakpoint));
            resize[0] = page.addBrowserWindowResizeListener(event -> narrow.accept(event.getWidth() < breakpoint));
        });
        component.addDetachListener(detach -> {
            if (resize[0] != null) {
                resize[0].remove();
            }
        });
    }
}
