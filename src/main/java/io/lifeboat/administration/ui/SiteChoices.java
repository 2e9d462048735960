package io.lifeboat.administration.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.combobox.ComboBox;
import io.lifeboat.ui.UiBackground;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One kind of a site's names (its folders, or its port groups) for the pick lists that offer them, read off the page's
 * thread: read in a selection's handler, a vCenter that hangs froze the whole tenants form for five seconds per list. A
 * list shows what it is waiting for meanwhile; an answer for a site chosen before the current one is dropped; a read
 * that fails marks every list with its message, and a list's value (a stored one) is kept whatever the answer.
 */
final class SiteChoices {

    private final UiBackground background;
    private final Function<String, List<String>> read;
    private final String what;
    private final List<ComboBox<String>> lists = new ArrayList<>();
    private String site;
    /** Null while the site is being read, or when it could not be; none while no site is chosen. */
    private List<String> names = List.of();
    private String failure;

    /** @param what plural, for "Reading {what} of {site}…" */
    SiteChoices(UiBackground background, Function<String, List<String>> read, String what) {
        this.background = background;
        this.read = read;
        this.what = what;
    }

    /** {@code list} offers these names from now on: at once if they are known, else once they are. */
    void offerIn(ComboBox<String> list) {
        lists.add(list);
        show(list);
    }

    void stopOffering(ComboBox<String> list) {
        lists.remove(list);
    }

    /** Reads {@code site}'s names (none for no site) unless they are those shown or being read. Call it from the UI thread. */
    void readFrom(String newSite) {
        if (Objects.equals(site, newSite) && (names != null || failure == null && newSite != null)) {
            return;
        }
        site = newSite;
        names = newSite == null ? List.of() : null;
        failure = null;
        lists.forEach(this::show);
        if (newSite != null) {
            background.call(UI.getCurrent(), () -> read.apply(newSite), answer -> answered(newSite, answer, null),
                    message -> answered(newSite, null, message));
        }
    }

    private void answered(String readSite, List<String> answer, String message) {
        if (!readSite.equals(site)) {
            return;   // another site was chosen meanwhile
        }
        names = answer;
        failure = message;
        lists.forEach(this::show);
    }

    private void show(ComboBox<String> list) {
        String value = list.getValue();
        list.setItems(names == null ? List.of() : names);
        list.setValue(value);
        list.setPlaceholder(names == null && failure == null ? "Reading " + what + " of " + site + "…" : null);
        if (failure != null) {
            list.setErrorMessage(failure);
            list.setInvalid(true);
        }
    }
}
