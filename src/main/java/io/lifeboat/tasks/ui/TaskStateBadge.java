package io.lifeboat.tasks.ui;

import com.vaadin.flow.component.html.Span;
import io.lifeboat.tasks.TaskState;

/** A task's state as a coloured label, in the colours of the replicas' states. */
class TaskStateBadge extends Span {

    TaskStateBadge(TaskState state) {
        super(state.label());
        addClassName("lb-state");
        addClassName(switch (state) {
            case RUNNING, ACTIVE -> "lb-state-busy";
            case SUCCEEDED -> "lb-state-ready";
            case FAILED, PARTIALLY_FAILED -> "lb-state-error";
            case CANCELLED -> "lb-state-neutral";
        });
        getElement().setAttribute("data-state", state.name());
    }
}
