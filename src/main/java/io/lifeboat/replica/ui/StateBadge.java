package io.lifeboat.replica.ui;

import com.vaadin.flow.component.html.Span;
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
}
