package io.lifeboat.replica.ui;

import com.vaadin.flow.component.html.Span;
import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ReplicaState;

/** A replica state as a coloured label. */
public class StateBadge extends Span {

    public StateBadge(ReplicaState state) {
        super(state.label());
        addClassName("lb-state");
        addClassName(switch (state) {
            case READY -> "lb-state-ready";
            case FAILED_OVER, FAILBACK_READY -> "lb-state-failed-over";
            case ERROR -> "lb-state-error";
            default -> "lb-state-busy";
        });
        getElement().setAttribute("data-state", state.name());
    }

    /** The replica's state, or "IP conflict" in the error colour while another machine claims its failed-over IP. */
    public StateBadge(ReplicaRow replica) {
        this(replica.state());
        if (replica.inConflict()) {
            setText(replica.state().label() + " · IP conflict");
            removeClassName("lb-state-failed-over");
            addClassName("lb-state-error");
            getElement().setAttribute("data-conflict", "true");
        }
    }
}
