package io.lifeboat.ui;

import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.function.SerializableConsumer;
import com.vaadin.flow.function.ValueProvider;

/**
 * A button in each row of a grid that live updates refresh (task progress, state changes). A component column re-creates
 * its buttons at every refresh, so a press that one landed in the middle of was lost, in the minutes that matter most;
 * this template's button stays in place, and its click names the row by key.
 *
 * @param label  the button's text, a constant (it is part of the template)
 * @param theme  Lumo theme names, e.g. {@code "small tertiary"}
 * @param idPrefix the button's id is this followed by the row's {@code name}
 * @param ariaLabelPrefix what a screen reader says for it is this followed by the row's {@code name}
 */
public record RowButton(String label, String theme, String idPrefix, String ariaLabelPrefix) {

    public <T> LitRenderer<T> rendered(ValueProvider<T, String> name, SerializableConsumer<T> onClick) {
        return LitRenderer.<T>of("<vaadin-button id=\"" + idPrefix + "${item.name}\" theme=\"" + theme + "\" aria-label=\""
                        + ariaLabelPrefix + "${item.name}\" @click=\"${press}\">" + label + "</vaadin-button>")
                .withProperty("name", name)
                .withFunction("press", onClick);
    }
}
