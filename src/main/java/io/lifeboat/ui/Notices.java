package io.lifeboat.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import java.util.List;

/** A block of problems a page must show above everything else, one line each; empty when all is well. */
public class Notices extends Div {

    public Notices(String id) {
        setId(id);
        addClassName("lb-notices");
    }

    /** Replaces the lines shown. */
    protected void showLines(List<String> lines) {
        removeAll();
        lines.forEach(text -> {
            Paragraph line = new Paragraph(text);
            line.addClassName("lb-blocker");
            add(line);
        });
    }
}
