package io.lifeboat.tasks.ui;

import io.lifeboat.tasks.TaskState;
import io.lifeboat.ui.StateLabel;

/** A task's state as a coloured label, in the colours of the replicas' states. */
class TaskStateBadge extends StateLabel {

    TaskStateBadge(TaskState state) {
        super(state.label(), switch (state) {
            case RUNNING, ACTIVE -> Tone.BUSY;
            case SUCCEEDED -> Tone.DONE;
            case FAILED, PARTIALLY_FAILED -> Tone.ERROR;
            case CANCELLED -> Tone.NEUTRAL;
        }, state.name());
    }
}
