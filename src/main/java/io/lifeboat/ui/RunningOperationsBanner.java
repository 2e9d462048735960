package io.lifeboat.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.progressbar.ProgressBar;
import java.util.List;

/** A line per running operation with its progress and a link to it; hidden when nothing runs. */
class RunningOperationsBanner extends Div {

    private final List<RunningOperations> sources;

    RunningOperationsBanner(List<RunningOperations> sources) {
        this.sources = sources;
        setId("operation-banner");
        addClassName("lb-banner");
        getElement().setAttribute("role", "status");
        setVisible(false);
    }

    void refresh() {
        removeAll();
        List<RunningOperations.RunningOperation> running = sources.stream().flatMap(source -> source.running().stream()).toList();
        for (RunningOperations.RunningOperation operation : running) {
            ProgressBar bar = new ProgressBar(0, 100, operation.percent());
            bar.getElement().setAttribute("aria-label", operation.title() + " progress");
            bar.addClassName("lb-banner-bar");
            Anchor link = new Anchor(operation.link(), operation.title());
            Div line = new Div(new Span("Running: "), link, new Span(" " + operation.percent() + " %"), bar);
            line.addClassName("lb-banner-line");
            add(line);
        }
        setVisible(!running.isEmpty());
    }
}
