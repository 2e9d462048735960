package io.lifeboat.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.shared.Registration;
import java.time.Instant;

/** "35 s ago", moving on by itself with the {@link UiTicker}; the exact time is its tooltip. */
public class RelativeTime extends Span {

    private final Instant instant;
    private final UiTicker ticker;
    private Registration ticking;

    public RelativeTime(Instant instant, UiTicker ticker) {
        this.instant = instant;
        this.ticker = ticker;
        addClassName("lb-relative-time");
        getElement().setAttribute("title", Formats.time(instant));
        update();
    }

    private void update() {
        setText(Formats.since(instant, Instant.now()));
    }

    @Override
    protected void onAttach(AttachEvent event) {
        update();
        ticking = ticker.register(event.getUI(), this::update);
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (ticking != null) {
            ticking.remove();
        }
    }
}
