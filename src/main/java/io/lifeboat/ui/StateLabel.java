package io.lifeboat.ui;

import com.vaadin.flow.component.html.Span;

/**
 * A state as a coloured label in words, the same for every room's states: the tone picks the colour, and
 * {@code data-state} keeps the state's name for tests and scripts.
 */
public class StateLabel extends Span {

    /** The colours a state can have (the theme's {@code lb-state-*} classes). */
    public enum Tone {
        DONE("lb-state-ready"), BUSY("lb-state-busy"), ATTENTION("lb-state-failed-over"), ERROR("lb-state-error"), NEUTRAL("lb-state-neutral");

        private final String className;

        Tone(String className) {
            this.className = className;
        }
    }

    private Tone tone;

    public StateLabel(String text, Tone tone, String stateName) {
        super(text);
        addClassNames("lb-state", tone.className);
        this.tone = tone;
        getElement().setAttribute("data-state", stateName);
    }

    protected void setTone(Tone next) {
        removeClassName(tone.className);
        addClassName(next.className);
        tone = next;
    }
}
