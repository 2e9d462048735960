package io.lifeboat.replica.ui;

import io.lifeboat.replica.ReplicaRow;
import io.lifeboat.replica.ReplicaState;
import io.lifeboat.ui.StateLabel;

/** A replica state as a coloured label. */
public class StateBadge extends StateLabel {

    public StateBadge(ReplicaState state) {
        super(state.label(), switch (state) {
            case READY -> Tone.DONE;
            case FAILED_OVER, FAILBACK_READY -> Tone.ATTENTION;
            case ERROR -> Tone.ERROR;
            default -> Tone.BUSY;
        }, state.name());
    }

    /** The replica's state, or "IP conflict" in the error colour while another machine claims its failed-over IP. */
    public StateBadge(ReplicaRow replica) {
        this(replica.state());
        if (replica.inConflict()) {
            setText(replica.state().label() + " · IP conflict");
            setTone(Tone.ERROR);
            getElement().setAttribute("data-conflict", "true");
        }
    }
}
